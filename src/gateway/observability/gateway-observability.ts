/**
 * Logs, metrics and traces of one gateway, tied together per request: `requestStarted` when a request
 * arrives, `clientFor` for its upstream calls, the Apollo plugin in between, `requestFinished` writes the one
 * JSON log line per request.
 */
import type { IncomingMessage } from 'node:http';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { observabilityPlugin } from '../../observability/graphql-plugin';
import { logger as processLogger, type Logger } from '../../observability/logger';
import { GatewayMetrics } from '../../observability/metrics';
import { RequestRecord, requestIdFrom } from '../../observability/request-record';
import { createTracing, type Tracing } from '../../observability/tracing';
import type { FaceApiClient } from '../../upstream/client';
import type { UpstreamObserver } from '../../upstream/observer';
import type { RequestHook } from '../http/request-hooks';
import { upstreamObserver } from './upstream-observer';

export interface ObservabilityOptions {
  logger?: Logger;
  /** default: from the OTEL_* variables (off unless an exporter is configured) */
  tracing?: Tracing;
}

/** Paths scraped or probed every few seconds: logged at debug, not info. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export class GatewayObservability {
  readonly metrics: GatewayMetrics;
  readonly tracing: Tracing | undefined;
  private readonly log: Logger;
  private readonly records = new WeakMap<IncomingMessage, RequestRecord>();

  constructor(
    client: FaceApiClient,
    options: ObservabilityOptions = {},
  ) {
    this.metrics = new GatewayMetrics(() => client.state);
    this.tracing = options.tracing ?? createTracing('face-graphql-gateway');
    this.log = (options.logger ?? processLogger).child({ component: 'gateway' });
  }

  plugin() {
    return observabilityPlugin(this.metrics, this.tracing);
  }

  /** The HTTP layer's per-request hook: a record (and span) per request, the log line when it is answered. */
  readonly requestHook: RequestHook = ({ req, res }) => {
    const record = this.requestStarted(req);
    this.records.set(req, record);
    res.setHeader('x-request-id', record.id);
    return ({ status }) => this.requestFinished(record, req, status);
  };

  recordOf(req: IncomingMessage): RequestRecord | undefined {
    return this.records.get(req);
  }

  requestStarted(req: IncomingMessage): RequestRecord {
    const path = (req.url ?? '/').split('?')[0];
    const record = new RequestRecord(requestIdFrom(req.headers['x-request-id']), path, req.socket.remoteAddress);
    if (this.tracing) {
      record.httpSpan = this.tracing.tracer.startSpan(
        `${req.method} ${path}`,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method ?? '', 'url.path': path, 'x_request_id': record.id } },
        this.tracing.extract(req.headers),
      );
    }
    return record;
  }

  /** What this request's upstream calls report to: its record, the metrics, spans under its span. */
  observerFor(record: RequestRecord): UpstreamObserver {
    return upstreamObserver(this.metrics, this.tracing, record);
  }

  requestFinished(record: RequestRecord, req: IncomingMessage, status: number): void {
    const { path } = record;
    const span = record.httpSpan;
    if (span) {
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    const level = status >= 500 ? 'error' : QUIET_PATHS.has(path) ? 'debug' : 'info';
    if (!this.log.isLevelEnabled(level)) return;
    const httpFailed = status >= 400 && record.errorCodes.size === 0;
    this.log[level](
      {
        requestId: record.id,
        method: req.method,
        path,
        status,
        durationMs: Math.round(record.elapsedMs() * 100) / 100,
        client: record.client,
        operation: record.operationName,
        operationType: record.operationType,
        outcome: httpFailed ? 'error' : record.outcome,
        errorCodes: record.errorCodes.size > 0 ? [...record.errorCodes] : undefined,
        upstreamCalls: record.upstreamCalls,
        upstreamTraceIds: record.upstreamTraceIds.length > 0 ? record.upstreamTraceIds : undefined,
        imagesSent: record.imagesSent || undefined,
        traceId: span?.spanContext().traceId,
      },
      'request',
    );
  }

  close(): Promise<void> {
    return this.tracing?.shutdown() ?? Promise.resolve();
  }
}
