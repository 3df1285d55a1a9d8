import { ID_RULE } from '../face-api-contract';

/**
 * Request-level failures of an upstream call. Per-image outcomes are data (ImageResult), never these.
 */
export type UpstreamErrorKind =
  /** the upstream answered with a non-2xx status */
  | 'HTTP'
  /** connect, headers or body timeout */
  | 'TIMEOUT'
  /** connection refused, reset or closed early */
  | 'UNAVAILABLE'
  /** a 2xx answer whose body is not the JSON we can use */
  | 'BAD_RESPONSE'
  /** too many calls already in flight and queued towards the upstream: refused without calling it */
  | 'OVERLOADED'
  /** the operation reached its cap on upstream calls (GATEWAY_MAX_UPSTREAM_CALLS): refused without calling it */
  | 'CALL_LIMIT';

export interface UpstreamErrorDetails {
  kind: UpstreamErrorKind;
  status?: number;
  /** `code` of the error body, when the upstream sent one (Kong-level 401s do not) */
  upstreamCode?: number;
  traceId?: string;
  cause?: unknown;
}

export class UpstreamError extends Error {
  readonly kind: UpstreamErrorKind;
  readonly status?: number;
  readonly upstreamCode?: number;
  readonly traceId?: string;

  constructor(message: string, details: UpstreamErrorDetails) {
    super(message, { cause: details.cause });
    this.name = 'UpstreamError';
    this.kind = details.kind;
    this.status = details.status;
    this.upstreamCode = details.upstreamCode;
    this.traceId = details.traceId;
  }
}

/** An image the caller sent is unusable (too large, not base64, ...): found while building the request. */
export class ImageInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageInputError';
  }
}

/** An id the caller sent cannot be one opaque upstream path segment (see ids.ts): refused before any call. */
export class InvalidIdError extends Error {
  constructor(what: string) {
    // the id itself is not echoed: it may be ill-formed, huge, or meant for a log
    super(`The ${what} is not a valid id: ${ID_RULE}`);
    this.name = 'InvalidIdError';
  }
}
