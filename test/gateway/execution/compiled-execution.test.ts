/**
 * Compiled execution (graphql-jit) must answer exactly like graphql-js: the same operations are sent to the
 * gateway (compiled, the default) and to a second gateway on the same real upstream running graphql-js, and
 * the HTTP status and JSON bodies must be identical, errors and partial results included.
 */
import 'reflect-metadata';
import { parse } from 'graphql';
import { isCompiledQuery } from 'graphql-jit';
import { CompiledQueryCache } from '../../../src/gateway/execution/compiled-executor';
import { buildGatewaySchema } from '../../../src/gateway/schema';
import { startGateway, type RunningGateway } from '../../../src/gateway/server';
import { API_BASE_PATH } from '../../../src/face-api-contract';
import { createDatabase, postJson } from '../support/graphql';
import { CREDENTIALS, startStack, type Stack } from '../support/stack';

let stack: Stack;
let interpreted: RunningGateway;
let dbId: string;

beforeAll(async () => {
  stack = await startStack();
  interpreted = await startGateway({
    port: 0,
    host: '127.0.0.1',
    execution: 'interpreted',
    upstream: { url: `${stack.proxy.origin}${API_BASE_PATH}`, ...CREDENTIALS, connectTimeoutMs: 2000, headersTimeoutMs: 60000, bodyTimeoutMs: 60000, connections: 4 },
    uploads: { maxFiles: 64, maxJsonBodyBytes: 50 * 1024 * 1024 },
  });
  dbId = await createDatabase(stack.gateway.url, 'jit-one');
  await createDatabase(stack.gateway.url, 'jit-two');
}, 120000);
afterAll(async () => {
  await interpreted?.close();
  await stack?.close();
});

async function postOperation(url: string, body: Record<string, unknown>) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  // upstream trace ids differ per call by design
  const text = (await response.text()).replace(/"traceId":"[^"]*"/g, '"traceId":"…"');
  return { status: response.status, body: JSON.parse(text) };
}

const DB_QUERY = 'query($id: ID!) { database(id: $id) { id name maxSize } }';
const TWO_OPERATIONS = 'query A { databases { id } } query B { databases { name } }';

const CASES: Array<[string, () => Record<string, unknown>]> = [
  ['a list', () => ({ query: '{ databases { id name size raw } }' })],
  ['variables', () => ({ query: DB_QUERY, variables: { id: dbId } })],
  ['a null result', () => ({ query: DB_QUERY, variables: { id: 'missing' } })],
  ['a missing variable', () => ({ query: DB_QUERY, variables: {} })],
  ['a null for a non-null variable', () => ({ query: DB_QUERY, variables: { id: null } })],
  ['a variable of the wrong type', () => ({ query: DB_QUERY, variables: { id: { a: 1 } } })],
  ['an Int variable out of range', () => ({ query: 'query($n: Int!) { databases { features(limit: $n) { total } } }', variables: { n: 2 ** 40 } })],
  ['an operation picked by name', () => ({ query: TWO_OPERATIONS, operationName: 'B' })],
  ['an unknown operation name', () => ({ query: TWO_OPERATIONS, operationName: 'C' })],
  ['several operations, no name', () => ({ query: TWO_OPERATIONS })],
  [
    'fragments, aliases, directives, __typename',
    () => ({
      query: `query($with: Boolean!) { all: databases { ...Db } one: database(id: "${dbId}") { __typename ...Db size @include(if: $with) } }
              fragment Db on FeatureDatabase { id name }`,
      variables: { with: false },
    }),
  ],
  [
    'a resolver error nulls its parent, the rest of the answer stays',
    () => ({ query: `{ databases { id } database(id: "${dbId}") { id features(limit: 0) { total } } }` }),
  ],
  ['mutation errors', () => ({ query: 'mutation { a: deleteDatabase(id: "missing-1") b: deleteDatabase(id: "missing-2") }' })],
  ['introspection', () => ({ query: '{ __schema { queryType { name } } __type(name: "FeatureDatabase") { fields { name } } }' })],
];

test.each(CASES)('same answer compiled and interpreted: %s', async (_name, body) => {
  // the first execution of a document is interpreted, the second compiled: both must match graphql-js
  const first = await postOperation(stack.gateway.url, body());
  const compiled = await postOperation(stack.gateway.url, body());
  const reference = await postOperation(interpreted.url, body());
  expect(first).toEqual(reference);
  expect(compiled).toEqual(reference);
});

test('the answers of the comparison are the real ones (not two identical failures)', async () => {
  const listed = await postJson(stack.gateway.url, '{ databases { name } }');
  expect(listed.body.data.databases).toEqual(expect.arrayContaining([{ name: 'jit-one' }, { name: 'jit-two' }]));
  const missing = await postOperation(stack.gateway.url, { query: DB_QUERY, variables: {} });
  expect(missing.status).toBe(400);
  expect(missing.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  const partial = await postOperation(stack.gateway.url, CASES[11][1]());
  expect(partial.body.data.database).toBeNull();
  expect(partial.body.data.databases.length).toBeGreaterThanOrEqual(2);
  expect(partial.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
});

test('a document is compiled on its second execution, once per operation name', async () => {
  const cache = new CompiledQueryCache(await buildGatewaySchema());
  const document = parse('query A { databases { id } } query B { databases { name } }');
  expect(cache.get(document, 'A')).toBeUndefined();
  const compiled = cache.get(document, 'A');
  expect(isCompiledQuery(compiled!)).toBe(true);
  expect(cache.get(document, 'A')).toBe(compiled);
  expect(cache.get(document, 'B')).toBeUndefined();
  expect(isCompiledQuery(cache.get(document, 'B')!)).toBe(true);
  expect(cache.get(document, 'B')).not.toBe(compiled);
  // a document parsed again is another object, not mistaken for the first
  expect(cache.get(parse('query A { databases { id } }'), 'A')).toBeUndefined();
  expect(cache.get(document, 'C')).toBeUndefined();
  expect(isCompiledQuery(cache.get(document, 'C')!)).toBe(false);
});

test('every GraphQL answer says cache-control: no-store, as with Apollo\'s cache-control plugin', async () => {
  const bodies = [{ query: '{ databases { id } }' }, CASES[11][1](), { query: DB_QUERY, variables: {} }, { query: '{ databases {' }];
  for (const gateway of [stack.gateway, interpreted]) {
    for (const body of bodies) {
      const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  }
});
