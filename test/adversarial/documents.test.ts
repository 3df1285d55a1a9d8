/**
 * Hostile GraphQL documents against a real gateway (issue 9 item 7): a byte cap whatever the tokens, the usual
 * depth/alias/directive limits, introspection (the standard query works, deeper `ofType` nesting and cyclic
 * `fields` nesting do not), and an APQ hash that does not match its query. After each case a normal request
 * still succeeds.
 */
import { createHash } from 'node:crypto';
import { getIntrospectionQuery } from 'graphql';
import { DEFAULT_MAX_DOCUMENT_BYTES } from '../../src/gateway/limits/document-size';
import { logger } from '../../src/observability/logger';
import { postJson, type GraphQLResponse } from '../gateway/support/graphql';
import { startStack, type Stack } from '../gateway/support/stack';
import { firstError } from './input-support';

let stack: Stack;
let logged: jest.SpyInstance;

beforeAll(async () => {
  stack = await startStack();
}, 120000);
afterAll(() => stack?.close());
beforeEach(() => {
  logged = jest.spyOn(logger, 'error');
});
afterEach(async () => {
  const normal = await postJson(stack.gateway.url, '{ databases { id } }');
  expect(normal.body).toEqual({ data: { databases: expect.any(Array) } });
  // no case is an unexpected error on the server's side
  expect(logged.mock.calls.flat().map(String)).not.toContainEqual(expect.stringMatching(/unexpected error/));
  logged.mockRestore();
});

async function post(payload: unknown): Promise<GraphQLResponse> {
  const response = await fetch(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  return { status: response.status, body: JSON.parse(await response.text()) };
}

const validationFailed = (message: RegExp) => ({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: expect.stringMatching(message) });

describe('document size', () => {
  const padded = (filler: string, bytes: number) => `{ databases { id } }${filler.repeat(Math.ceil(bytes / filler.length))}`;

  test.each([
    ['5 MB of blanks', () => padded(' ', 5 * 1024 * 1024)],
    ['blanks just over the cap', () => padded(' ', DEFAULT_MAX_DOCUMENT_BYTES)],
    ['100 KB of comments', () => padded('\n# nothing to see here', 100 * 1024)],
    ['commas (insignificant in GraphQL)', () => padded(',', 70 * 1024)],
    ['a 70 KB string literal', () => `{ database(id: "${'x'.repeat(70 * 1024)}") { id } }`],
    ['multi-byte characters counted in bytes', () => `{ databases { id } } #${'€'.repeat(22 * 1024)}`],
  ])('%s: 400, the limit named', async (_, document) => {
    expect(firstError(await postJson(stack.gateway.url, document()))).toEqual(validationFailed(/the limit is 65536 \(GRAPHQL_MAX_DOCUMENT_BYTES\)/));
  });

  test('a document just under the cap is served', async () => {
    const document = `{ databases { id } }${' '.repeat(DEFAULT_MAX_DOCUMENT_BYTES - 100)}`;
    expect((await postJson(stack.gateway.url, document)).body).toEqual({ data: { databases: expect.any(Array) } });
  });
});

describe('shape limits (already in place: listed for the full picture)', () => {
  test('depth 11: refused', async () => {
    const deep = '{ databases { features { features { database { features { features { database { features { features { database { features { total } } } } } } } } } } } }';
    expect(firstError(await postJson(stack.gateway.url, deep))).toMatchObject({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  test('16 aliases: refused', async () => {
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: databases { id }`).join(' ')} }`;
    expect(firstError(await postJson(stack.gateway.url, aliases))).toMatchObject({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  test('21 directives: refused', async () => {
    const directives = `{ databases ${'@include(if: true) '.repeat(21)}{ id } }`;
    expect(firstError(await postJson(stack.gateway.url, directives))).toMatchObject({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  test('3001 tokens: refused while parsing', async () => {
    const tokens = `{ ${'databases { id } '.repeat(750)}}`;
    expect(firstError(await postJson(stack.gateway.url, tokens))).toMatchObject({ status: 400, code: 'GRAPHQL_PARSE_FAILED' });
  });

  test('a lone surrogate in a string literal: refused while parsing, not echoed', async () => {
    const answer = await postJson(stack.gateway.url, '{ database(id: "\ud800") { id } }');
    expect(firstError(answer)).toMatchObject({ status: 400, code: 'GRAPHQL_PARSE_FAILED' });
    expect(JSON.stringify(answer.body)).not.toMatch(/\\ud800/i);
  });
});

describe('introspection', () => {
  test.each([
    ['graphql-js getIntrospectionQuery()', getIntrospectionQuery()],
    [
      'every option on (what GraphiQL and GraphQL Code Generator send)',
      getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
        oneOf: true,
      }),
    ],
    ['graphql-js 15 and older (ofType 7 deep)', getIntrospectionQuery({ typeDepth: 7 })],
  ])('%s works', async (_, query) => {
    const answer = await postJson(stack.gateway.url, query);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.__schema.queryType.name).toBe('Query');
  });

  test('ofType nested 10 deep: refused', async () => {
    expect(firstError(await postJson(stack.gateway.url, getIntrospectionQuery({ typeDepth: 10 })))).toEqual(
      validationFailed(/Introspection nests "ofType" 10 levels deep; the limit is 9/),
    );
  });

  test('ofType nested 30 deep through fragments and __type: refused', async () => {
    const fragments = Array.from({ length: 30 }, (_, i) => `fragment T${i} on __Type { kind ofType { ...T${i + 1} } }`).join('\n');
    const query = `{ __type(name: "Query") { ...T0 } }\n${fragments}\nfragment T30 on __Type { name }`;
    expect(firstError(await postJson(stack.gateway.url, query))).toEqual(validationFailed(/"ofType" 30 levels deep/));
  });

  test('fields → type → fields nesting (exponential): refused', async () => {
    const query = '{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }';
    expect(firstError(await postJson(stack.gateway.url, query))).toEqual(validationFailed(/Maximum introspection depth exceeded/));
  });
});

describe('automatic persisted queries', () => {
  const query = '{ databases { id } }';
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  test('a hash that does not match its query: 400 BAD_REQUEST, nothing logged as unexpected', async () => {
    for (const hash of ['0'.repeat(64), sha256(`${query} `), 'not-hex']) {
      const answer = await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
      expect(firstError(answer)).toEqual({ status: 400, code: 'BAD_REQUEST', message: 'provided sha does not match query' });
      expect(answer.body.errors?.[0].extensions?.errorId).toBeUndefined();
    }
  });

  test('the right hash registers, then the hash alone runs it; an unknown hash is PERSISTED_QUERY_NOT_FOUND', async () => {
    const hash = sha256(query);
    expect((await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } })).body.errors).toBeUndefined();
    expect((await post({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } })).body).toEqual({ data: { databases: expect.any(Array) } });
    const unknown = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: '1'.repeat(64) } } });
    expect(firstError(unknown)).toMatchObject({ code: 'PERSISTED_QUERY_NOT_FOUND' });
  });

  test('an unsupported version: 400 BAD_REQUEST', async () => {
    const answer = await post({ query, extensions: { persistedQuery: { version: 2, sha256Hash: sha256(query) } } });
    expect(firstError(answer)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });
});
