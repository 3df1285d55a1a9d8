/**
 * How instrumentation sees upstream calls without living in the client: the client reports each HTTP exchange
 * (every attempt, retries included) to an observer, which may add headers (W3C traceparent) and is told how
 * the exchange ended. src/gateway/observability/ implements it (metrics, spans, the request log line).
 */
export interface UpstreamCall {
  method: string;
  /** path below /openapi/face/v1/<app id>, ids included, without the query string */
  path: string;
  /** the JSON body as built (images included): for counting, never for logging */
  body: unknown;
}

export interface UpstreamCallEnd {
  /** the HTTP status, when an answer came */
  status?: number;
  /** the upstream's trace_id from the answer */
  traceId?: string;
  error?: unknown;
}

export interface ObservedCall {
  headers?: Record<string, string>;
  finished(end: UpstreamCallEnd): void;
}

export interface UpstreamObserver {
  callStarted(call: UpstreamCall): ObservedCall;
}
