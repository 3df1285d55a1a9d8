/**
 * Upstream failures → GraphQL errors with a stable `extensions.code`, the upstream HTTP status and trace id.
 * Resolvers let the upstream layer's errors propagate; formatError (error-masking.ts) converts them, once.
 */
import { GraphQLError } from 'graphql';
import { ImageInputError, InvalidIdError, UpstreamError } from '../upstream/errors';
import type { GatewayErrorCode } from './error-codes';

export function badUserInput(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...extra } });
}

function codeForStatus(status: number): GatewayErrorCode {
  if (status === 400 || status === 422) return 'BAD_USER_INPUT';
  if (status === 401) return 'UPSTREAM_UNAUTHENTICATED';
  if (status === 403) return 'UPSTREAM_FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'UPSTREAM_PAYLOAD_TOO_LARGE';
  if (status === 429) return 'UPSTREAM_RATE_LIMITED';
  if (status === 502 || status === 503 || status === 504) return 'UPSTREAM_UNAVAILABLE';
  return 'UPSTREAM_ERROR';
}

export function upstreamCodeOf(error: UpstreamError): GatewayErrorCode {
  switch (error.kind) {
    case 'TIMEOUT':
      return 'UPSTREAM_TIMEOUT';
    case 'UNAVAILABLE':
      return 'UPSTREAM_UNAVAILABLE';
    case 'BAD_RESPONSE':
      return 'UPSTREAM_BAD_RESPONSE';
    case 'OVERLOADED':
      return 'UPSTREAM_OVERLOADED';
    case 'CALL_LIMIT':
      return 'UPSTREAM_CALL_LIMIT';
    case 'HTTP':
      return codeForStatus(error.status ?? 500);
  }
}

/** Converts anything thrown by the upstream layer; other errors pass through unchanged. */
export function toGraphQLError(error: unknown): unknown {
  if (error instanceof ImageInputError || error instanceof InvalidIdError) return badUserInput(error.message);
  if (!(error instanceof UpstreamError)) return error;
  const code = upstreamCodeOf(error);
  // a 401/403 from the upstream is the gateway's misconfiguration, not the caller's: say so without internals
  const message =
    code === 'UPSTREAM_UNAUTHENTICATED' || code === 'UPSTREAM_FORBIDDEN'
      ? `The Face API rejected the gateway's credentials: ${error.message}`
      : error.message;
  return new GraphQLError(message, {
    extensions: {
      code,
      httpStatus: error.status ?? null,
      upstreamCode: error.upstreamCode ?? null,
      traceId: error.traceId ?? null,
    },
  });
}
