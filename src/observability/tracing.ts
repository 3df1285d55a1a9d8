/**
 * OpenTelemetry tracing, configured by the standard OTEL_* variables and off unless an exporter is:
 * OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or OTEL_TRACES_EXPORTER=otlp|console
 * (OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none turn it off). Spans go out over OTLP/HTTP (JSON) in batches;
 * OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER(_ARG), OTEL_EXPORTER_OTLP_HEADERS and
 * OTEL_BSP_* are read by the SDK itself.
 *
 * No global tracer provider or context manager is installed: spans are parented explicitly through the
 * request's record, so with tracing off nothing runs at all (no async-hooks cost on the request path).
 */
import { ROOT_CONTEXT, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ConsoleSpanExporter, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

type Env = Record<string, string | undefined>;

export interface Tracing {
  tracer: Tracer;
  /** the parent context a client sent (W3C traceparent/tracestate), or none */
  extract(headers: Record<string, string | string[] | undefined>): Context;
  /** traceparent (and tracestate) headers that make `span` the parent of the callee's work */
  headersFor(span: Span): Record<string, string>;
  /** flushes the spans not yet exported */
  shutdown(): Promise<void>;
}

function exporterKinds(env: Env): string[] {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return [];
  const named = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((kind) => kind.trim().toLowerCase())
    .filter(Boolean);
  if (named.length > 0) return named.filter((kind) => kind !== 'none');
  return env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? ['otlp'] : [];
}

/** Where spans go, from `env` (the exporter itself reads only process.env). */
function tracesUrl(env: Env): string | undefined {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

/** Returns undefined when no exporter is configured: tracing is then off. */
export function createTracing(serviceName: string, env: Env = process.env): Tracing | undefined {
  const exporters = exporterKinds(env).flatMap((kind): SpanExporter[] => {
    if (kind === 'otlp') return [new OTLPTraceExporter({ url: tracesUrl(env) })];
    if (kind === 'console') return [new ConsoleSpanExporter()];
    throw new Error(`OTEL_TRACES_EXPORTER: unsupported exporter "${kind}" (use otlp, console or none)`);
  });
  if (exporters.length === 0) return undefined;
  const resource = resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }).merge(detectResources({ detectors: [envDetector] }));
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: exporters.map((exporter) => new BatchSpanProcessor(exporter)),
  });
  const propagator = new W3CTraceContextPropagator();
  const getter = {
    keys: (carrier: Record<string, unknown>) => Object.keys(carrier),
    get: (carrier: Record<string, string | string[] | undefined>, key: string) => carrier[key],
  };
  const setter = { set: (carrier: Record<string, string>, key: string, value: string) => (carrier[key] = value) };
  return {
    tracer: provider.getTracer(serviceName),
    extract: (headers) => propagator.extract(ROOT_CONTEXT, headers, getter),
    headersFor(span) {
      const headers: Record<string, string> = {};
      propagator.inject(trace.setSpan(ROOT_CONTEXT, span), headers, setter);
      return headers;
    },
    shutdown: () => provider.shutdown(),
  };
}
