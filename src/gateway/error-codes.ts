/**
 * Every `extensions.code` a client can receive on a request-level GraphQL error, with what it means. The schema
 * publishes them as the `ErrorCode` enum (so codegen users can switch on them exhaustively), and error masking
 * turns any error whose code is not listed here into INTERNAL_SERVER_ERROR: the list cannot fall behind.
 * A new code also needs its sentence in web/src/console/messages.ts (an exhaustive switch: `npm run build`
 * and test/web fail until it has one).
 */
export const ERROR_CODES = {
  BAD_USER_INPUT: 'Invalid arguments or images (checked before any upstream call where possible), or an upstream 400/422.',
  NOT_FOUND: 'The database or feature does not exist (upstream 404).',
  UNAUTHENTICATED: 'No valid client credentials (HTTP 401): send `Authorization: Bearer <key>`.',
  FORBIDDEN: "The client's key lacks the scope the operation needs (read, write or admin).",
  PAYLOAD_TOO_LARGE: 'The request body is over the JSON limit, or has too many files (HTTP 413).',
  BAD_REQUEST: 'The HTTP request is not a GraphQL request this server accepts (malformed JSON, batching, missing CSRF header).',
  GRAPHQL_PARSE_FAILED: 'The document does not parse, or has more tokens than allowed.',
  GRAPHQL_VALIDATION_FAILED: 'The document does not validate against the schema or exceeds the operation limits.',
  PERSISTED_QUERY_NOT_FOUND: 'Automatic persisted queries: the hash is unknown; send the query text with it once.',
  PERSISTED_QUERY_NOT_SUPPORTED: 'Persisted queries are not supported by this server.',
  PERSISTED_QUERY_NOT_IN_LIST: 'Trusted documents are on (GATEWAY_TRUSTED_DOCUMENTS) and this operation is not one of them (HTTP 400).',
  PERSISTED_QUERY_ID_REQUIRED: 'Trusted documents are on and the request has neither the id nor the text of one (HTTP 400).',
  RATE_LIMITED: "Over one of the client's rate limits or quotas (HTTP 429): `extensions.limit` names it, `retryAfterSeconds` (and the Retry-After header) says when to retry.",
  OPERATION_RESOLUTION_FAILURE: 'The operation named in `operationName` is not in the document.',
  UPSTREAM_UNAUTHENTICATED: "The Face API rejected the gateway's credentials (upstream 401): a server misconfiguration.",
  UPSTREAM_FORBIDDEN: "The Face API refused the gateway's app (upstream 403): a server misconfiguration.",
  UPSTREAM_PAYLOAD_TOO_LARGE: 'The Face API refused the request as too large (upstream 413).',
  UPSTREAM_RATE_LIMITED: 'The Face API is rate limiting the gateway (upstream 429); retry later.',
  UPSTREAM_UNAVAILABLE: 'The Face API is unreachable or answered 502/503/504, or the circuit breaker is open; retry later.',
  UPSTREAM_TIMEOUT: 'The Face API did not answer in time; for writes the outcome is unknown.',
  UPSTREAM_BAD_RESPONSE: 'The Face API answered 2xx with something that is not the JSON expected.',
  UPSTREAM_OVERLOADED: 'The gateway has too many upstream calls in flight and queued; refused without calling. Retry later.',
  UPSTREAM_CALL_LIMIT: 'The operation reached its cap on upstream calls (GATEWAY_MAX_UPSTREAM_CALLS); refused without calling. Ask for less per request.',
  COST_ESTIMATED_TOO_EXPENSIVE: 'The estimated cost of the operation (pages, images, nesting) is above the limit (HTTP 400); nothing was called.',
  UPSTREAM_ERROR: 'Any other upstream HTTP status.',
  INTERNAL_SERVER_ERROR: 'Anything unexpected (a bug): the message carries an error id that the server log also has.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes the gateway itself gives to upstream and input failures (errors.ts). */
export type GatewayErrorCode = Extract<ErrorCode, 'BAD_USER_INPUT' | 'NOT_FOUND' | `UPSTREAM_${string}`>;
