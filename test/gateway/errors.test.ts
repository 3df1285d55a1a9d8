/** UpstreamError → GraphQL error codes, statuses and trace ids. */
import { GraphQLError } from 'graphql';
import { toGraphQLError } from '../../src/gateway/errors';
import { ImageInputError, UpstreamError } from '../../src/upstream/errors';

function mapped(error: unknown): GraphQLError {
  const result = toGraphQLError(error);
  expect(result).toBeInstanceOf(GraphQLError);
  return result as GraphQLError;
}

test.each([
  [400, 'BAD_USER_INPUT'],
  [401, 'UPSTREAM_UNAUTHENTICATED'],
  [403, 'UPSTREAM_FORBIDDEN'],
  [404, 'NOT_FOUND'],
  [413, 'UPSTREAM_PAYLOAD_TOO_LARGE'],
  [429, 'UPSTREAM_RATE_LIMITED'],
  [500, 'UPSTREAM_ERROR'],
  [503, 'UPSTREAM_UNAVAILABLE'],
])('HTTP %i → %s', (status, code) => {
  const error = mapped(new UpstreamError('m', { kind: 'HTTP', status, upstreamCode: 3, traceId: 't' }));
  expect(error.extensions).toEqual({ code, httpStatus: status, upstreamCode: 3, traceId: 't' });
});

test('transport failures', () => {
  expect(mapped(new UpstreamError('slow', { kind: 'TIMEOUT' })).extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', httpStatus: null, upstreamCode: null, traceId: null });
  expect(mapped(new UpstreamError('down', { kind: 'UNAVAILABLE' })).extensions.code).toBe('UPSTREAM_UNAVAILABLE');
  expect(mapped(new UpstreamError('junk', { kind: 'BAD_RESPONSE', status: 200 })).extensions.code).toBe('UPSTREAM_BAD_RESPONSE');
  expect(mapped(new UpstreamError('queue full', { kind: 'OVERLOADED' })).extensions.code).toBe('UPSTREAM_OVERLOADED');
});

test('an upstream 401 says it is the gateway’s credentials, not the caller’s', () => {
  const error = mapped(new UpstreamError('HMAC signature does not match', { kind: 'HTTP', status: 401 }));
  expect(error.message).toBe("The Face API rejected the gateway's credentials: HMAC signature does not match");
});

test('image input errors are BAD_USER_INPUT; anything else passes through unchanged', () => {
  expect(mapped(new ImageInputError('images[1]: too big')).extensions.code).toBe('BAD_USER_INPUT');
  const other = new Error('x');
  expect(toGraphQLError(other)).toBe(other);
});
