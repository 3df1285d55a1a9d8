/**
 * The upstream client's observer for one request: counts the call in the request's record and in metrics,
 * opens a client span under the request's span and sends its traceparent upstream, and records the
 * upstream's trace_id on the span.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { GatewayMetrics } from '../../observability/metrics';
import type { RequestRecord } from '../../observability/request-record';
import type { Tracing } from '../../observability/tracing';
import { UpstreamError } from '../../upstream/errors';
import type { ObservedCall, UpstreamCall, UpstreamObserver } from '../../upstream/observer';

/** `/databases/abc/features/42` → `/databases/{db_id}/features/{feature_id}`: ids never become label values. */
export function endpointOf(method: string, path: string): string {
  const template = path
    .replace(/^\/databases\/(?!search$)[^/]+/, '/databases/{db_id}')
    .replace(/\/features\/[^/]+/, '/features/{feature_id}');
  return `${method} ${template}`;
}

/** Images in a request body as the client builds it: `images[]`, `image`, or `one` + `another`. */
export function imagesIn(body: unknown): number {
  if (typeof body !== 'object' || body === null) return 0;
  const { images, image, one, another } = body as Record<string, unknown>;
  if (Array.isArray(images)) return images.length;
  return (image ? 1 : 0) + (one ? 1 : 0) + (another ? 1 : 0);
}

function statusLabel(status: number | undefined, error: unknown): string {
  if (status !== undefined) return String(status);
  return error instanceof UpstreamError ? error.kind : 'ERROR';
}

export function upstreamObserver(metrics: GatewayMetrics, tracing: Tracing | undefined, record?: RequestRecord): UpstreamObserver {
  return {
    callStarted(call: UpstreamCall): ObservedCall {
      const endpoint = endpointOf(call.method, call.path);
      const images = imagesIn(call.body);
      const started = performance.now();
      if (images > 0) metrics.imagesSent.inc({ endpoint }, images);
      if (record) {
        record.upstreamCalls += 1;
        record.imagesSent += images;
      }
      const parent = record?.parentSpan;
      const span = tracing?.tracer.startSpan(
        endpoint,
        { kind: SpanKind.CLIENT, attributes: { 'http.request.method': call.method, 'url.template': endpoint.slice(call.method.length + 1), 'face_api.images': images } },
        parent ? trace.setSpan(ROOT_CONTEXT, parent) : undefined,
      );
      return {
        headers: span ? tracing!.headersFor(span) : undefined,
        finished({ status, traceId, error }) {
          const label = statusLabel(status, error);
          metrics.upstreamCalls.inc({ endpoint, status: label });
          metrics.upstreamDuration.observe({ endpoint }, (performance.now() - started) / 1000);
          if (traceId && record) record.upstreamTraceIds.push(traceId);
          if (!span) return;
          if (status !== undefined) span.setAttribute('http.response.status_code', status);
          if (traceId) span.setAttribute('face_api.trace_id', traceId);
          if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: label });
          span.end();
        },
      };
    },
  };
}
