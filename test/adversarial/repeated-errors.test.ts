/**
 * Issue 9 item 2: with introspection off (production), a failing operation answers its typed error every time.
 * A document runs interpreted the first time and compiled (graphql-jit) from the second on; the errors of both
 * runs must reach the client the same, never as a 500 (clients that retry 5xx would repeat writes).
 */
import { parseApiKeys } from '../../src/gateway/access/api-keys';
import { postJson, type GraphQLResponse } from '../gateway/support/graphql';
import { startStack, type Stack } from '../gateway/support/stack';

const ADMIN = { authorization: 'Bearer admin-key-0001' };
const READER = { authorization: 'Bearer reader-key-0002' };
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    gateway: {
      introspection: false,
      access: { enabled: true, apiKeys: parseApiKeys('admin-key-0001:read+write+admin,reader-key-0002:read'), jwt: null },
    },
  });
});
afterAll(() => stack?.close());

async function threeTimes(query: string, variables: (run: number) => Record<string, unknown>, headers: Record<string, string>) {
  const answers: GraphQLResponse[] = [];
  for (let run = 0; run < 3; run++) answers.push(await postJson(stack.gateway.url, query, variables(run), headers));
  return answers;
}

const codes = (answer: GraphQLResponse) => answer.body.errors?.map((error) => error.extensions?.code);

test.each([
  ['FORBIDDEN', 'mutation($n: String!) { createDatabase(name: $n, maxSize: 1) { id } }', READER],
  ['NOT_FOUND', 'mutation($n: ID!) { deleteDatabase(id: $n) }', ADMIN],
  ['BAD_USER_INPUT', 'mutation($n: String!) { createDatabase(name: $n, maxSize: 0) { id } }', ADMIN],
])('%s answers the same typed error on every run', async (code, query, headers) => {
  const answers = await threeTimes(query, (run) => ({ n: `missing-${run}` }), headers);
  for (const answer of answers) {
    expect(answer.status).toBe(200);
    expect(codes(answer)).toEqual([code]);
  }
  expect(new Set(answers.map((answer) => answer.body.errors?.[0].message.replace(/\d/g, ''))).size).toBe(1);
});

test('a committed createDatabase whose selection fails answers 200 with data and its typed error, every run', async () => {
  // every Mutation field is non-null, so the error nulls `data` (GraphQL's propagation); the status must still say "done"
  const query = 'mutation($n: String!) { createDatabase(name: $n, maxSize: 1) { id name features(limit: 0) { total } } }';
  const answers = await threeTimes(query, (run) => ({ n: `committed-${run}` }), ADMIN);
  for (const answer of answers) {
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveProperty('data', null);
    expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
  }
  const listed = await postJson(stack.gateway.url, '{ databases { name } }', {}, ADMIN);
  expect(listed.body.data?.databases.map((db: { name: string }) => db.name).sort()).toEqual(['committed-0', 'committed-1', 'committed-2']);
});

test('a misspelt field hides its suggestion, every run', async () => {
  const answers = await threeTimes('{ databses { id } }', () => ({}), ADMIN);
  for (const answer of answers) {
    expect(answer.status).toBe(400);
    expect(codes(answer)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(answer.body.errors?.[0].message).not.toMatch(/Did you mean/);
  }
});
