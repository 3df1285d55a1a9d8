/**
 * The Face OpenAPI client: one undici keep-alive pool (HTTP/1.1), every request signed over its full path,
 * typed methods per endpoint, tolerant parsing. All calls go through `send`, the one place where retries of
 * idempotent reads, a concurrency cap, a circuit breaker and the operation's budget (call cap, deadline) belong.
 */
import { Readable } from 'node:stream';
import { Pool, errors as undiciErrors } from 'undici';
import {
  isOpaqueId,
  signRequest,
  type AddFeaturesRequest,
  type CompareRequest,
  type CreateDatabaseRequest,
  type DetectRequest,
  type QualityRequest,
  type SearchRequest,
  type UpdateFeatureRequest,
  type WireImage,
  type WireRectangle,
} from '../face-api-contract';
import { ImageInputError, InvalidIdError, UpstreamError } from './errors';
import { StreamedBase64, containsStream, streamedJsonBody } from './json-stream';
import type { UpstreamObserver } from './observer';
import * as parse from './parse';
import { CircuitBreaker } from './resilience/circuit-breaker';
import { ConcurrencyLimit, OverloadedError } from './resilience/concurrency-limit';
import { DeadlineError, OperationBudget, type OperationBudgetOptions } from './resilience/operation-budget';
import { withRetries, type RetryOptions } from './resilience/retry';
import { receiveUploads } from './receive-uploads';
import { DEFAULT_RESILIENCE, type UpstreamConfig } from './settings';

/** An image as sent upstream: base64 text already in memory, or bytes encoded while streaming. */
export interface OutgoingImage {
  data: string | StreamedBase64;
  rectangle?: WireRectangle;
}

export interface FeatureImage {
  image: OutgoingImage;
  extraInfo?: string;
}

export interface SearchParams {
  image: OutgoingImage;
  databaseIds: string[];
  topK?: number;
  minScore?: number;
}

type Method = 'GET' | 'POST' | 'DELETE';

interface CallOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);

/** A request body of the contract as built here: its images may still be streams, encoded while it is sent. */
type Outgoing<Body> = Body extends WireImage ? OutgoingImage : Body extends object ? { [K in keyof Body]: Outgoing<Body[K]> } : Body;

function wireImage(image: OutgoingImage): OutgoingImage {
  return image.rectangle ? { data: image.data, rectangle: image.rectangle } : { data: image.data };
}

/** A client-supplied id as one path segment; anything outside the id grammar is refused before any call. */
function segment(id: string, what: string): string {
  if (!isOpaqueId(id)) throw new InvalidIdError(what);
  return id; // the grammar needs no percent-encoding
}

/** Maps a transport failure to UpstreamError; image input errors raised while streaming pass through. */
function transportError(error: unknown, what: string): Error {
  if (error instanceof ImageInputError || error instanceof UpstreamError) return error;
  const cause = (error as { cause?: unknown })?.cause;
  if (cause instanceof ImageInputError) return cause;
  const code = (error as { code?: string })?.code ?? (cause as { code?: string })?.code ?? '';
  if (TIMEOUT_CODES.has(code) || error instanceof undiciErrors.HeadersTimeoutError) {
    return new UpstreamError(`Face API timed out (${what})`, { kind: 'TIMEOUT', cause: error });
  }
  if (UNAVAILABLE_CODES.has(code) || error instanceof undiciErrors.SocketError) {
    return new UpstreamError(`Face API unreachable (${what}): ${code}`, { kind: 'UNAVAILABLE', cause: error });
  }
  return new UpstreamError(`Face API request failed (${what}): ${(error as Error)?.message ?? String(error)}`, {
    kind: 'UNAVAILABLE',
    cause: error,
  });
}

function httpError(status: number, text: string, json: unknown): UpstreamError {
  const body = parse.isObject(json) ? json : {};
  // a non-JSON error page (a proxy's HTML) is not echoed: it can name internal hosts and software versions
  const message = typeof body.message === 'string' ? body.message : `Face API answered HTTP ${status}${text ? ' with a non-JSON body' : ''}`;
  const code = typeof body.code === 'number' ? body.code : undefined;
  return new UpstreamError(message, { kind: 'HTTP', status, upstreamCode: code, traceId: parse.traceIdOf(json) });
}

/** Failures worth a retry and counted by the breaker: the upstream was unreachable, slow or failing. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return false;
  if (error.kind === 'TIMEOUT' || error.kind === 'UNAVAILABLE') return true;
  return error.kind === 'HTTP' && (error.status ?? 0) >= 500;
}

export class FaceApiClient {
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly breaker: CircuitBreaker;
  private readonly limit: ConcurrencyLimit;
  /** on a per-operation view, bound to its budget's deadline */
  private retry: RetryOptions;
  private readonly operationDefaults: OperationBudgetOptions;
  /** set on the per-operation view made by forOperation() */
  private budget?: OperationBudget;
  /** set on a per-operation view by reportTo() */
  private observer?: UpstreamObserver;

  constructor(private readonly config: UpstreamConfig) {
    const resilience = { ...DEFAULT_RESILIENCE, ...config.resilience };
    this.breaker = new CircuitBreaker({ failureThreshold: resilience.breakerFailures, openMs: resilience.breakerOpenMs });
    this.limit = new ConcurrencyLimit(resilience.maxInFlight, resilience.maxQueued);
    this.retry = { retries: resilience.retries, baseDelayMs: resilience.retryBaseDelayMs, maxDelayMs: 2000 };
    this.operationDefaults = { deadlineMs: resilience.operationTimeoutMs, maxCalls: resilience.maxCallsPerOperation };
    const url = new URL(config.url);
    this.basePath = `${url.pathname.replace(/\/+$/, '')}/${encodeURIComponent(config.appId)}`;
    this.pool = new Pool(url.origin, {
      connections: config.connections,
      connectTimeout: config.connectTimeoutMs,
      keepAliveTimeout: 30_000,
      pipelining: 1,
    });
  }

  /**
   * Reports this view's exchanges to `observer`, so a request's log line and spans see their own calls. Call it
   * on the per-operation view (forOperation()); the shared client itself reports to nobody.
   */
  reportTo(observer: UpstreamObserver): this {
    this.observer = observer;
    return this;
  }

  /** Live resilience state, for metrics. */
  get state(): { inFlight: number; queued: number; breaker: 'closed' | 'open' | 'half-open' } {
    return { inFlight: this.limit.inFlight, queued: this.limit.queued, breaker: this.breaker.state };
  }

  /**
   * This client for one GraphQL operation: the same pool, breaker and limits, plus the operation's budget
   * (at most maxCalls upstream calls, all within one deadline).
   */
  forOperation(options: Partial<OperationBudgetOptions> = {}): FaceApiClient {
    const scoped = Object.create(this) as FaceApiClient;
    const budget = (scoped.budget = new OperationBudget({ ...this.operationDefaults, ...options }));
    const { retries, baseDelayMs, maxDelayMs } = this.retry; // a literal, not a spread plus remainingMs (see send)
    scoped.retry = { retries, baseDelayMs, maxDelayMs, remainingMs: () => budget.remainingMs() };
    return scoped;
  }

  /** On a per-operation view: the operation is over, its deadline timer is cleared (a no-op on the shared client). */
  endOperation(): void {
    this.budget?.end();
  }

  /**
   * Every upstream call goes through here. The call's uploads are received first (at the client's pace, holding
   * nothing shared); then the operation's budget, a cap on calls in flight, a circuit breaker that fails fast
   * while the upstream is unwell, and retries with jittered backoff for idempotent reads only (never a write),
   * all inside the operation's deadline. The received files are removed when the call is over.
   */
  private async send(method: Method, path: string, options: CallOptions = {}): Promise<unknown> {
    const received = await receiveUploads(options.body, this.config.spoolDir);
    try {
      // literals, not `{ ...options, body }`: a spread plus a property it lacks takes V8's slow path (~1 µs a call)
      return await this.admitted(method, path, { query: options.query, body: received.body });
    } finally {
      await received.release();
    }
  }

  private async admitted(method: Method, path: string, call: CallOptions): Promise<unknown> {
    const budget = this.budget;
    const attempt = () => {
      try {
        budget?.admitCall();
      } catch (error) {
        throw new UpstreamError((error as Error).message, { kind: 'CALL_LIMIT', cause: error });
      }
      return this.limit.run(() => this.guarded(() => this.exchange(method, path, call)), budget?.signal).catch((error: unknown) => {
        if (error instanceof OverloadedError) throw new UpstreamError(error.message, { kind: 'OVERLOADED', cause: error });
        if (error instanceof DeadlineError) throw new UpstreamError(`Face API: ${error.message}`, { kind: 'TIMEOUT', cause: error });
        throw error;
      });
    };
    if (method !== 'GET') return attempt();
    return withRetries(attempt, isTransient, this.retry);
  }

  private async guarded<T>(call: () => Promise<T>): Promise<T> {
    try {
      this.breaker.admit();
    } catch (error) {
      throw new UpstreamError(`Face API unavailable: ${(error as Error).message}`, { kind: 'UNAVAILABLE', cause: error });
    }
    try {
      const result = await call();
      this.breaker.record('success');
      return result;
    } catch (error) {
      // only the upstream's own failures count; a 4xx is an answer, and a bad or cut upload is the client's
      if (isTransient(error)) this.breaker.record('failure');
      else if (error instanceof UpstreamError) this.breaker.record('success');
      else this.breaker.release();
      throw error;
    }
  }

  /** One signed HTTP exchange (signed per attempt: x-date must be fresh). */
  private async exchange(method: Method, path: string, options: CallOptions): Promise<unknown> {
    const query = Object.entries(options.query ?? {})
      .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
      .join('&');
    const fullPath = `${this.basePath}${path}${query ? `?${query}` : ''}`;
    const headers: Record<string, string> = { ...signRequest(this.config, method, fullPath), accept: 'application/json' };
    let body: string | Readable | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = containsStream(options.body) ? streamedJsonBody(options.body) : JSON.stringify(options.body);
    }
    const what = `${method} ${path}`;
    const observed = this.observer?.callStarted({ method, path, body: options.body });
    if (observed?.headers) Object.assign(headers, observed.headers);
    try {
      const { status, json } = await this.signedExchange(method, fullPath, headers, body, what);
      observed?.finished({ status, traceId: parse.traceIdOf(json) });
      return json;
    } catch (error) {
      observed?.finished({ status: error instanceof UpstreamError ? error.status : undefined, traceId: (error as UpstreamError)?.traceId, error });
      throw error;
    }
  }

  private async signedExchange(
    method: Method,
    fullPath: string,
    headers: Record<string, string>,
    body: string | Readable | undefined,
    what: string,
  ): Promise<{ status: number; json: unknown }> {
    let statusCode: number;
    let text: string;
    try {
      const response = await this.pool.request({
        method,
        path: fullPath,
        headers,
        body,
        headersTimeout: this.config.headersTimeoutMs,
        bodyTimeout: this.config.bodyTimeoutMs,
        signal: this.budget?.signal,
      });
      statusCode = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      const deadline = this.budget?.signal.reason;
      if (deadline instanceof DeadlineError) throw new UpstreamError(`Face API (${what}): ${deadline.message}`, { kind: 'TIMEOUT', cause: error });
      throw transportError(error, what);
    }
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      if (statusCode >= 200 && statusCode < 300) {
        throw new UpstreamError(`Face API answered ${what} with a body that is not JSON`, { kind: 'BAD_RESPONSE', status: statusCode });
      }
      json = undefined;
    }
    if (statusCode < 200 || statusCode >= 300) throw httpError(statusCode, text, json);
    return { status: statusCode, json };
  }

  async listDatabases(): Promise<parse.Database[]> {
    return parse.parseDatabaseList(await this.send('GET', '/databases'));
  }

  async createDatabase(request: { name: string; description?: string; maxSize: number }): Promise<parse.Database> {
    const body = { name: request.name, description: request.description, max_size: request.maxSize } satisfies CreateDatabaseRequest;
    return parse.parseCreatedDatabase(await this.send('POST', '/databases', { body }), request);
  }

  async deleteDatabase(databaseId: string): Promise<{ traceId?: string }> {
    return { traceId: parse.traceIdOf(await this.send('DELETE', `/databases/${segment(databaseId, 'database id')}`)) };
  }

  /** One upstream batch (≤ 16 images; the caller chunks). */
  async addFeatures(databaseId: string, features: FeatureImage[]): Promise<parse.AddedFeatures> {
    const body = { images: features.map((f) => ({ image: wireImage(f.image), extra_info: f.extraInfo })) } satisfies Outgoing<AddFeaturesRequest>;
    const answer = await this.send('POST', `/databases/${segment(databaseId, 'database id')}/features`, { body });
    return parse.parseAddedFeatures(answer, databaseId, features.length);
  }

  async search(params: SearchParams): Promise<parse.SearchOutcome> {
    const body = {
      image: wireImage(params.image),
      db_ids: params.databaseIds,
      top_k: params.topK,
      min_score: params.minScore,
    } satisfies Outgoing<SearchRequest>;
    return parse.parseSearch(await this.send('POST', '/databases/search', { body }), params.databaseIds);
  }

  async detect(images: OutgoingImage[]): Promise<parse.Detection> {
    const answer = await this.send('POST', '/detect', { body: { images: images.map(wireImage) } satisfies Outgoing<DetectRequest> });
    return parse.parseDetection(answer, images.length);
  }

  async compare(one: OutgoingImage, another: OutgoingImage): Promise<parse.Comparison> {
    const answer = await this.send('POST', '/compare', { body: { one: wireImage(one), another: wireImage(another) } satisfies Outgoing<CompareRequest> });
    return parse.parseComparison(answer);
  }

  async quality(image: OutgoingImage): Promise<parse.QualityOutcome> {
    return parse.parseQuality(await this.send('POST', '/quality', { body: { image: wireImage(image) } satisfies Outgoing<QualityRequest> }));
  }

  async listFeatures(databaseId: string, offset: number, limit: number): Promise<parse.FeaturePage> {
    const answer = await this.send('GET', `/databases/${segment(databaseId, 'database id')}/features`, { query: { offset, limit } });
    return parse.parseFeaturePage(answer, databaseId);
  }

  async getFeature(databaseId: string, featureId: string): Promise<parse.Feature> {
    const answer = await this.send('GET', `/databases/${segment(databaseId, 'database id')}/features/${segment(featureId, 'feature id')}`);
    return parse.parseFeatureOnly(answer, databaseId);
  }

  async updateFeature(databaseId: string, featureId: string, extraInfo: string): Promise<parse.Feature> {
    const path = `/databases/${segment(databaseId, 'database id')}/features/${segment(featureId, 'feature id')}`;
    return parse.parseFeatureOnly(await this.send('POST', path, { body: { extra_info: extraInfo } satisfies UpdateFeatureRequest }), databaseId);
  }

  async deleteFeature(databaseId: string, featureId: string): Promise<{ traceId?: string }> {
    const path = `/databases/${segment(databaseId, 'database id')}/features/${segment(featureId, 'feature id')}`;
    return { traceId: parse.traceIdOf(await this.send('DELETE', path)) };
  }

  /** Whether the upstream answers now: one cheap signed read (it feeds the breaker like any call). */
  async probe(): Promise<{ ok: true } | { ok: false; reason: string }> {
    if (this.breaker.state === 'open') return { ok: false, reason: 'circuit open after repeated upstream failures' };
    try {
      await this.listDatabases();
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
