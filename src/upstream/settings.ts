/**
 * The upstream client's settings and their defaults: where the Face API is, who we are to it, how we talk to
 * it and how we protect it (and ourselves). src/config/ reads them from the environment.
 */

/** Where the upstream is and who we are to it. */
export interface UpstreamTarget {
  /** base URL incl. /openapi/face/v1, e.g. https://mercury.japancv.co.jp/openapi/face/v1 */
  url: string;
  appId: string;
  accessKey: string;
  secretKey: string;
}

/** Protection of (and from) the upstream; see client.ts `send`. */
export interface ResilienceConfig {
  /** retries of idempotent reads (GET) after a timeout, a reset or a 5xx; writes are never retried */
  retries: number;
  retryBaseDelayMs: number;
  /** calls in flight towards the upstream; more wait in a queue of maxQueued, beyond it fail at once */
  maxInFlight: number;
  maxQueued: number;
  /** consecutive upstream failures that open the circuit, and how long it stays open before a trial call */
  breakerFailures: number;
  breakerOpenMs: number;
  /** one deadline for all upstream calls of one GraphQL operation, retries and backoffs included */
  operationTimeoutMs: number;
  /** upstream calls one GraphQL operation may make, however it is nested or aliased */
  maxCallsPerOperation: number;
}

/**
 * Pool sizing (README "Sizing the upstream pool"): calls in flight = request rate × upstream latency × calls
 * per request (Little's law). 128 covers 100 client connections against a 20-50 ms upstream, one call each
 * (≈ 2,000-5,000 req/s), with room for searchFaces' second call; more connections than calls in flight are idle.
 */
export const DEFAULT_UPSTREAM_CONNECTIONS = 128;

export const DEFAULT_RESILIENCE: ResilienceConfig = {
  retries: 2,
  retryBaseDelayMs: 100,
  maxInFlight: DEFAULT_UPSTREAM_CONNECTIONS,
  maxQueued: 1000,
  breakerFailures: 5,
  breakerOpenMs: 10_000,
  // Apollo Router's default per-request timeout; a batch of 16 photos takes ~1 s on the local engine
  operationTimeoutMs: 30_000,
  // the largest legitimate operations: addFeatures/detectFaces of 64 images (4 batches) plus a few lookups
  maxCallsPerOperation: 50,
};

/** How the gateway talks to the upstream. */
export interface UpstreamTransport {
  connectTimeoutMs: number;
  /** time to the response headers; the face engine may need seconds for a batch of 16 */
  headersTimeoutMs: number;
  /** max idle time between two body chunks */
  bodyTimeoutMs: number;
  /** keep-alive connections in the pool */
  connections: number;
  /** where uploads are received before a call (spool.ts); default os.tmpdir(), i.e. TMPDIR */
  spoolDir?: string;
  /** defaults: DEFAULT_RESILIENCE */
  resilience?: Partial<ResilienceConfig>;
}

/** The transport's defaults (UPSTREAM_CONNECT_TIMEOUT_MS, UPSTREAM_TIMEOUT_MS, UPSTREAM_BODY_TIMEOUT_MS, UPSTREAM_CONNECTIONS). */
export const DEFAULT_TRANSPORT = {
  connectTimeoutMs: 5000,
  headersTimeoutMs: 60000,
  bodyTimeoutMs: 30000,
  connections: DEFAULT_UPSTREAM_CONNECTIONS,
} satisfies UpstreamTransport;

export type UpstreamConfig = UpstreamTarget & UpstreamTransport;
