/**
 * The fast path (src/gateway/execution/fast-path.ts) must answer exactly like Apollo's request pipeline: the
 * same requests go to the gateway (fast path on, the default) and to a second gateway with `fastPath: false`
 * on the same real upstream, both with auth, a cost limit and a rate limit; status, the headers a client reads
 * and the JSON body must be identical. A spy counts the answers the fast path gave, so each case also says
 * which path answered (a comparison of two Apollo answers would prove nothing).
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { ApolloServer, HeaderMap, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { loadConfig } from '../../../src/config';
import { parseApiKeys } from '../../../src/gateway/access/api-keys';
import { compiledExecution } from '../../../src/gateway/execution/compiled-executor';
import { FastPath } from '../../../src/gateway/execution/fast-path';
import { KnownOperations } from '../../../src/gateway/execution/known-operations';
import { parseRateLimitRules } from '../../../src/gateway/limits/rate-limit-rules';
import type { RunningGateway } from '../../../src/gateway/server';
import { startStack, type Stack } from '../support/stack';

const WRITER = 'writer-key-0123456789';
const LIMITED = 'limited-key-0123456789';

let stack: Stack;
let fast: RunningGateway;
let apollo: RunningGateway;
let dbId: string;

let fastAnswers = 0;
const run = FastPath.prototype.run;
jest.spyOn(FastPath.prototype, 'run').mockImplementation(async function (this: FastPath<BaseContext>, ...args) {
  const answer = await run.apply(this, args);
  if (answer) fastAnswers++;
  return answer;
});

const settings = {
  access: { enabled: true, apiKeys: parseApiKeys(`writer=${WRITER}:read+write+admin,limited=${LIMITED}:read`), jwt: null },
  limits: { maxCost: 400 },
  operations: { rateLimits: parseRateLimitRules(undefined, 'limited:operations=4/minute') },
};

beforeAll(async () => {
  stack = await startStack({ transport: { connections: 4 }, gateway: settings });
  fast = stack.gateway;
  apollo = await stack.addGateway({ ...settings, fastPath: false });
  const created = await post(fast, { query: 'mutation { createDatabase(name: "fast-one", maxSize: 10) { id } }' });
  dbId = created.body.data.createDatabase.id;
}, 120_000);
afterAll(() => stack?.close());

interface Sent {
  body: unknown;
  key?: string;
  headers?: Record<string, string>;
  method?: string;
}

/** The answer as a client sees it; ids that differ per call by design are blanked. */
async function send(gateway: RunningGateway, { body, key = WRITER, headers = {}, method = 'POST' }: Sent) {
  const response = await fetch(gateway.url + (method === 'GET' ? `?query=${encodeURIComponent((body as { query: string }).query)}` : ''), {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: method === 'GET' ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = (await response.text()).replace(/"(traceId|errorId)":"[^"]*"/g, '"$1":"…"').replace(/retry in \d+ s/g, 'retry in … s').replace(/"retryAfterSeconds":\d+/g, '"retryAfterSeconds":0');
  const seen = ['content-type', 'cache-control', 'allow', 'www-authenticate'].map((name) => [name, response.headers.get(name)]);
  return { status: response.status, headers: Object.fromEntries(seen), retryAfter: response.headers.has('retry-after'), text };
}

async function post(gateway: RunningGateway, body: unknown) {
  const answer = await send(gateway, { body });
  return { status: answer.status, body: JSON.parse(answer.text) };
}

/** Sends `times` times to each gateway; the last answers, and how many of the fast gateway's the fast path gave. */
async function compare(sent: Sent, times = 3) {
  let fastAnswer, apolloAnswer;
  const before = fastAnswers;
  for (let i = 0; i < times; i++) fastAnswer = await send(fast, sent);
  const fastCount = fastAnswers - before;
  for (let i = 0; i < times; i++) apolloAnswer = await send(apollo, sent);
  expect(fastAnswers - before).toBe(fastCount);
  return { fastAnswer: fastAnswer!, apolloAnswer: apolloAnswer!, fastCount };
}

const DB_QUERY = 'query Db($id: ID!) { database(id: $id) { id name maxSize } }';
const TWO_OPERATIONS = 'query A { databases { id } } query B { databases { name } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const APQ_QUERY = '{ databases { id maxSize } }';

// [name, request, how many of 3 the fast path answers: 1 for a new text (interpreted, compiled, fast), 3 for a known one]
const CASES: Array<[string, () => Sent, number]> = [
  ['a list', () => ({ body: { query: '{ databases { id name size } }' } }), 1],
  ['variables', () => ({ body: { query: DB_QUERY, variables: { id: dbId } } }), 1],
  ['a null result', () => ({ body: { query: DB_QUERY, variables: { id: 'missing' }, operationName: 'Db' } }), 1],
  ['a missing variable (400 BAD_USER_INPUT)', () => ({ body: { query: DB_QUERY, variables: {} } }), 3],
  ['a variable of the wrong type', () => ({ body: { query: DB_QUERY, variables: { id: { a: 1 } } } }), 3],
  ['an Int variable out of range', () => ({ body: { query: 'query($n: Int!) { databases { features(limit: $n) { total } } }', variables: { n: 2 ** 40 } } }), 1],
  ['an operation picked by name', () => ({ body: { query: TWO_OPERATIONS, operationName: 'B' } }), 1],
  ['an unknown operation name (never compiled: Apollo)', () => ({ body: { query: TWO_OPERATIONS, operationName: 'C' } }), 0],
  ['a mutation whose upstream call fails', () => ({ body: { query: 'mutation { deleteDatabase(id: "no-such-db") }' } }), 1],
  ['introspection, fragments, aliases, __typename', () => ({ body: { query: 'query { s: __schema { queryType { name } } ...F } fragment F on Query { __typename databases { ... on FeatureDatabase { id } } }' } }), 1],
  ['Accept: application/graphql-response+json', () => ({ body: { query: '{ databases { id } }' }, headers: { accept: 'application/graphql-response+json' } }), 1],
  ['Accept: text/plain (406: Apollo)', () => ({ body: { query: '{ databases { id } }' }, headers: { accept: 'text/plain' } }), 0],
  ['a document over the cost limit (refused in validation: Apollo)', () => ({ body: { query: '{ databases { features(limit: 1000) { total } } }' } }), 0],
  ['a scope the key lacks', () => ({ body: { query: 'mutation { deleteDatabase(id: "x") }' }, key: LIMITED, headers: {} }), 1],
  ['a bad key (401 before any body is read)', () => ({ body: { query: '{ databases { id } }' }, key: 'no-such-key-0123456789' }), 0],
  ['a batch (400: Apollo)', () => ({ body: [{ query: '{ databases { id } }' }] }), 0],
  ['a GET query (Apollo)', () => ({ body: { query: '{ databases { id } }' }, method: 'GET', headers: { 'apollo-require-preflight': '1' } }), 0],
  ['variables as a string (400: Apollo)', () => ({ body: { query: DB_QUERY, variables: JSON.stringify({ id: 'x' }) } }), 0],
  ['an unknown APQ hash (Apollo)', () => ({ body: { extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ nothing }') } } } }), 0],
];

test.each(CASES)('same answer on the fast path and through Apollo: %s', async (_name, request, fastCount) => {
  const { fastAnswer, apolloAnswer, fastCount: counted } = await compare(request());
  expect(fastAnswer).toEqual(apolloAnswer);
  expect(counted).toBe(fastCount);
});

test('the comparison compares real answers: data, BAD_USER_INPUT with 400, upstream errors with their code', async () => {
  const list = await send(fast, { body: { query: DB_QUERY, variables: { id: dbId } } });
  expect(JSON.parse(list.text).data.database).toEqual({ id: dbId, name: 'fast-one', maxSize: 10 });
  expect(list.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  const missing = await send(fast, { body: { query: DB_QUERY, variables: {} } });
  expect(missing.status).toBe(400);
  expect(JSON.parse(missing.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  const forbidden = await send(fast, { body: { query: 'mutation { deleteDatabase(id: "x") }' }, key: LIMITED });
  expect(JSON.parse(forbidden.text).errors[0].extensions.code).toBe('FORBIDDEN');
});

test('a rate limit refuses on the fast path as through Apollo: 429, Retry-After, RATE_LIMITED', async () => {
  // a known text: a refused operation never executes, so it could never become known itself
  const { fastAnswer, apolloAnswer, fastCount } = await compare({ body: { query: '{ databases { id } }' }, key: LIMITED }, 6);
  expect(fastCount).toBe(6);
  expect(fastAnswer).toEqual(apolloAnswer);
  expect(fastAnswer.status).toBe(429);
  expect(fastAnswer.retryAfter).toBe(true);
  expect(JSON.parse(fastAnswer.text).errors[0].extensions.code).toBe('RATE_LIMITED');
});

test('an APQ hash of a known text is answered on the fast path, as Apollo answers it from its cache', async () => {
  const hashOnly = { body: { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(APQ_QUERY) } } } };
  for (const gateway of [fast, apollo]) {
    const registered = await send(gateway, { body: { query: APQ_QUERY, extensions: hashOnly.body.extensions } });
    expect(registered.status).toBe(200);
  }
  const before = fastAnswers;
  // registration (Apollo, interpreted), hash (Apollo, compiled and remembered), hash (fast)
  const { fastAnswer, apolloAnswer } = await compare(hashOnly, 2);
  expect(fastAnswers - before).toBe(1);
  expect(fastAnswer).toEqual(apolloAnswer);
  expect(JSON.parse(fastAnswer.text).data.databases.length).toBeGreaterThan(0);
});

test('fast answers are observed: GraphQL metrics count them', async () => {
  const query = 'query CountedOperation { databases { id } }';
  for (let i = 0; i < 4; i++) await send(fast, { body: { query } });
  const metrics = await (await fetch(fast.metricsUrl)).text();
  expect(metrics).toMatch(/gateway_graphql_requests_total\{operation="CountedOperation",type="query",outcome="success"\} 4/);
});

describe('trusted documents on the fast path', () => {
  const LISTED = 'query Listed { databases { id name } }';
  let trusted: RunningGateway;
  beforeAll(async () => {
    const byHash = new Map([[sha256(LISTED), LISTED]]);
    trusted = await stack.addGateway({ ...settings, operations: { trustedDocuments: { byHash, source: 'test' } } });
  });

  test('a listed document runs by text, hash and documentId on the fast path; an unlisted one is refused', async () => {
    const bodies = [
      { query: LISTED },
      { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(LISTED) } } },
      { documentId: `sha256:${sha256(LISTED)}` },
    ];
    for (let i = 0; i < 2; i++) await send(trusted, { body: bodies[0] });
    const before = fastAnswers;
    for (const body of bodies) {
      const answer = await send(trusted, { body });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text).data.databases.length).toBeGreaterThan(0);
    }
    expect(fastAnswers - before).toBe(3);
    for (const body of [{ query: '{ databases { id } }' }, { documentId: `sha256:${sha256('{ databases { id } }')}` }]) {
      const refused = await send(trusted, { body });
      expect(refused.status).toBe(400);
      expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    }
    expect(fastAnswers - before).toBe(3);
  });
});

describe('FastPath on a bare Apollo Server', () => {
  const schema = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: { hello: { type: GraphQLString, resolve: () => 'world' } } }) });
  const http = () => ({ method: 'POST', headers: new HeaderMap([['content-type', 'application/json']]), search: '', body: { query: '{ hello }' } });

  async function fastPathWith(plugins: ApolloServerPlugin[]) {
    const known = new KnownOperations();
    // Apollo's default cache-control plugin would turn the fast path off (it wraps every resolver)
    const server = new ApolloServer({ gateway: compiledExecution(schema, known), plugins: [ApolloServerPluginCacheControlDisabled(), ...plugins] });
    await server.start();
    for (let i = 0; i < 2; i++) await server.executeHTTPGraphQLRequest({ httpGraphQLRequest: http(), context: async () => ({}) });
    return { server, fastPath: new FastPath(server, schema, known) };
  }

  test('answers a known operation with the same body as Apollo', async () => {
    const { server, fastPath } = await fastPathWith([]);
    const answer = await run.call(fastPath, http().body, http(), {});
    const viaApollo = await server.executeHTTPGraphQLRequest({ httpGraphQLRequest: http(), context: async () => ({}) });
    expect(answer?.body).toEqual(viaApollo.body);
    expect(answer?.body).toEqual({ kind: 'complete', string: '{"data":{"hello":"world"}}\n' });
    await server.stop();
  });

  test('a plugin with a hook the fast path does not run turns it off for good; Apollo answers', async () => {
    const executionDidStart = jest.fn(async () => undefined);
    const { server, fastPath } = await fastPathWith([{ async requestDidStart() { return { executionDidStart }; } }]);
    expect(await run.call(fastPath, http().body, http(), {})).toBeUndefined();
    expect(fastPath.enabled).toBe(false);
    await server.stop();
  });

  test('known operations are bounded by the size of their text; evicted ones lose their hash too', async () => {
    const known = new KnownOperations(100);
    const entry = (source: string) => ({ source, queryHash: sha256(source), document: {} as never, operation: {} as never, compiled: {} as never });
    const texts = ['{ a' + ' '.repeat(40) + '}', '{ b' + ' '.repeat(40) + '}', '{ c' + ' '.repeat(40) + '}'];
    for (const text of texts) known.remember(entry(text), undefined);
    expect(known.size).toBe(2);
    expect(known.get(texts[0], undefined)).toBeUndefined();
    expect(known.sourceOf(sha256(texts[0]))).toBeUndefined();
    expect(known.sourceOf(sha256(texts[2]))).toBe(texts[2]);
    known.remember(entry('{' + ' '.repeat(200) + '}'), undefined);
    expect(known.size).toBe(2);
  });
});

test('GATEWAY_FAST_PATH turns it off (on by default)', () => {
  expect(loadConfig({}).fastPath).toBe(true);
  expect(loadConfig({ GATEWAY_FAST_PATH: 'off' }).fastPath).toBe(false);
  expect(() => loadConfig({ GATEWAY_FAST_PATH: 'sometimes' })).toThrow(/GATEWAY_FAST_PATH must be on or off/);
});
