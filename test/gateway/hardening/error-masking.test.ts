/**
 * Error masking: an unexpected error reaches the client as INTERNAL_SERVER_ERROR with a generic message and an
 * error id, never its stack, internals or paths; the server log has the same id. Typed errors keep their code.
 */
import { logger } from '../../../src/observability/logger';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { loadConfig } from '../../../src/config';
import { maskUnexpectedErrors } from '../../../src/gateway/error-masking';
import { ImageInputError, InvalidIdError, UpstreamError } from '../../../src/upstream/errors';
import { postJson } from '../support/graphql';
import { startStack, type Stack } from '../support/stack';

const SECRET_DETAIL = 'connect ECONNREFUSED 10.0.0.7:5432 password=hunter2 at /srv/app/dist/db.js:12';

/** What Apollo hands formatError for a resolver error: a located GraphQLError wrapping the thrown value. */
function located(thrown: Error): [GraphQLFormattedError, unknown] {
  const wrapped = new GraphQLError(thrown.message, { path: ['databases'], originalError: thrown });
  const code = thrown instanceof GraphQLError ? thrown.extensions.code : 'INTERNAL_SERVER_ERROR';
  return [{ message: thrown.message, path: ['databases'], extensions: { code, stacktrace: ['Error: x', '    at /srv/app/dist/db.js:12'] } }, wrapped];
}

describe('formatError', () => {
  const logged: Array<[string, unknown]> = [];
  const mask = maskUnexpectedErrors(false, (message, error) => logged.push([message, error]));

  test('an unexpected error is generic for the client and logged with the same id', () => {
    const thrown = new Error(SECRET_DETAIL);
    const result = mask(...located(thrown));
    expect(result).toEqual({
      message: expect.stringMatching(/^Internal server error \(error id [0-9a-f-]{36}\)$/),
      path: ['databases'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String) },
    });
    expect(result.message).toContain(result.extensions!.errorId as string);
    expect(logged.at(-1)).toEqual([`[gateway] unexpected error ${result.extensions!.errorId}:`, thrown]);
  });

  test('typed errors keep message and code; an unconverted UpstreamError still gets its typed code', () => {
    const typed = new GraphQLError('topK must be 1..100', { extensions: { code: 'BAD_USER_INPUT' } });
    expect(mask(...located(typed))).toMatchObject({ message: 'topK must be 1..100', extensions: { code: 'BAD_USER_INPUT' } });
    const raw = new UpstreamError('Face API timed out (GET /databases)', { kind: 'TIMEOUT' });
    expect(mask(...located(raw))).toMatchObject({ message: raw.message, extensions: { code: 'UPSTREAM_TIMEOUT' } });
  });

  test('the one conversion: unusable images and ids thrown by the upstream layer are BAD_USER_INPUT, with path and message', () => {
    for (const thrown of [new ImageInputError('image: image is over 8 MB'), new InvalidIdError('database id')]) {
      expect(mask(...located(thrown))).toEqual({ message: thrown.message, path: ['databases'], extensions: { code: 'BAD_USER_INPUT' } });
    }
  });

  test('a GraphQLError with an unknown or internal code is masked too', () => {
    const odd = new GraphQLError(SECRET_DETAIL, { extensions: { code: 'SOMETHING_ELSE' } });
    expect(mask(...located(odd)).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(mask(...located(odd)))).not.toContain('hunter2');
  });

  test('stack traces only with the debug setting (GATEWAY_DEBUG_ERRORS)', () => {
    const debug = maskUnexpectedErrors(true, () => undefined);
    expect(debug(...located(new Error('boom'))).extensions?.stacktrace).toBeDefined();
    expect(mask(...located(new Error('boom'))).extensions?.stacktrace).toBeUndefined();
    expect(loadConfig({}).debugErrors).toBe(false);
    expect(loadConfig({ GATEWAY_DEBUG_ERRORS: 'on' }).debugErrors).toBe(true);
    expect(() => loadConfig({ GATEWAY_DEBUG_ERRORS: 'verbose' })).toThrow(/GATEWAY_DEBUG_ERRORS must be on or off/);
  });
});

describe('over HTTP', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 120000);
  afterAll(() => stack?.close());

  test('an upstream value the schema cannot represent is masked, logged with its id, and the gateway keeps serving', async () => {
    // max_size beyond a GraphQL Int: serialising it fails inside graphql-js, an error no code of ours expects
    const body = JSON.stringify({ code: 0, databases: [{ db_id: 'd1', max_size: 1e12 }] });
    stack.proxy.setRules([{ fault: { kind: 'status', status: 200, body } }]);
    const log = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    try {
      const answer = await postJson(stack.gateway.url, '{ databases { id maxSize } }');
      const error = answer.body.errors?.[0];
      expect(error).toEqual({
        message: `Internal server error (error id ${error?.extensions?.errorId})`,
        locations: expect.any(Array),
        path: ['databases', 0, 'maxSize'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      });
      expect(JSON.stringify(answer.body)).not.toMatch(/stacktrace|1000000000000|node_modules|\/work\//);
      const lines = log.mock.calls.map((call) => `${String(call[1])} ${(call[0] as { err?: Error }).err?.message}`);
      expect(lines.some((line) => line.includes(error?.extensions?.errorId) && line.includes('Int cannot represent'))).toBe(true);
    } finally {
      log.mockRestore();
      stack.proxy.setRules([]);
    }
    expect((await postJson(stack.gateway.url, '{ databases { id } }')).body.errors).toBeUndefined();
  });
});
