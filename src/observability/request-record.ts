/**
 * What one HTTP request did, gathered while it runs and written out once at its end (the log line, the
 * GraphQL metrics, the spans). Everything here is safe to log: names, codes, counts and ids, never a body.
 */
import { randomUUID } from 'node:crypto';
import type { Span } from '@opentelemetry/api';

/** A client's X-Request-Id is kept when it is a plain token (it ends up in logs), else a new id is made. */
const REQUEST_ID = /^[\w.:-]{1,64}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

export class RequestRecord {
  readonly startedAt = performance.now();
  /** principal id: an API key's name or short hash, `jwt:<sub>`, or the caller's address when auth is off */
  client?: string;
  operationName?: string;
  operationType?: string;
  readonly errorCodes = new Set<string>();
  upstreamCalls = 0;
  readonly upstreamTraceIds: string[] = [];
  imagesSent = 0;
  httpSpan?: Span;
  operationSpan?: Span;

  constructor(
    readonly id: string,
    /** without the query string */
    readonly path: string,
    readonly remoteAddress: string | undefined,
  ) {}

  /** The span an upstream call or the operation hangs under. */
  get parentSpan(): Span | undefined {
    return this.operationSpan ?? this.httpSpan;
  }

  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  get outcome(): 'success' | 'rate_limited' | 'error' {
    if (this.errorCodes.has('RATE_LIMITED')) return 'rate_limited';
    return this.errorCodes.size > 0 ? 'error' : 'success';
  }
}
