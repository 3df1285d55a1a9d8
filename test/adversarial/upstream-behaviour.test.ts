/**
 * Issue 9 item 5 and the upstream side of the adversarial suite: an upstream that hangs, drops or answers
 * garbage costs each operation at most its one deadline (GATEWAY_OPERATION_TIMEOUT_MS), reads are retried only
 * inside it, a write is never sent twice, and a normal request succeeds after each case. A fault proxy sits in
 * front of a real local Face API.
 */
import { postJson, type GraphQLResponse } from '../gateway/support/graphql';
import { startStack, type Stack } from '../gateway/support/stack';

const DEADLINE_MS = 1500;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    // per-attempt timeouts far beyond the deadline: only the operation's deadline can end these calls
    timeoutMs: 120_000,
    transport: { resilience: { retries: 2, retryBaseDelayMs: 10, breakerFailures: 1000, operationTimeoutMs: DEADLINE_MS } },
  });
}, 120_000);
afterAll(() => stack?.close());

const LIST = '{ databases { id } }';
const codes = (answer: GraphQLResponse) => answer.body.errors?.map((error) => error.extensions?.code);

async function callsDuring(run: () => Promise<GraphQLResponse>) {
  const before = stack.proxy.calls.length;
  const answer = await run();
  return { answer, calls: stack.proxy.calls.slice(before) };
}

async function normalQuerySucceeds(): Promise<void> {
  stack.proxy.setRules([]);
  const answer = await postJson(stack.gateway.url, LIST);
  expect(answer.body.errors).toBeUndefined();
}

test('a read against a hanging upstream ends at the operation deadline, not after attempts × timeout', async () => {
  stack.proxy.setRules([{ fault: { kind: 'hang' } }]);
  const { answer, calls } = await callsDuring(() => postJson(stack.gateway.url, LIST));
  expect(codes(answer)).toEqual(['UPSTREAM_TIMEOUT']);
  expect(answer.body.errors?.[0].message).toMatch(/deadline of 1500 ms \(GATEWAY_OPERATION_TIMEOUT_MS\)/);
  // the one attempt was cut by the deadline; no retry started after it
  expect(calls).toHaveLength(1);
  // and its connection was given up (the proxy sees the close a moment later)
  while (stack.proxy.hanging() > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  await normalQuerySucceeds();
}, 30_000);

test('a write against a hanging upstream is sent once and never retried after its timeout', async () => {
  stack.proxy.setRules([{ match: (method) => method === 'POST', fault: { kind: 'hang' } }]);
  const { answer, calls } = await callsDuring(() =>
    postJson(stack.gateway.url, 'mutation { createDatabase(name: "hung", maxSize: 1) { id } }'),
  );
  expect(codes(answer)).toEqual(['UPSTREAM_TIMEOUT']);
  expect(calls.filter((call) => call.startsWith('POST'))).toHaveLength(1);
  await normalQuerySucceeds();
}, 30_000);

test('every call of one operation shares the deadline: aliased reads all end within it', async () => {
  stack.proxy.setRules([{ fault: { kind: 'hang' } }]);
  const query = '{ a: feature(databaseId: "d", id: "1") { id } b: feature(databaseId: "d", id: "2") { id } c: databases { id } }';
  const { answer } = await callsDuring(() => postJson(stack.gateway.url, query));
  expect(codes(answer)).toEqual(['UPSTREAM_TIMEOUT', 'UPSTREAM_TIMEOUT', 'UPSTREAM_TIMEOUT']);
  await normalQuerySucceeds();
}, 30_000);

test('a read whose first attempt is reset is retried inside the deadline and succeeds', async () => {
  stack.proxy.setRules([{ fault: { kind: 'reset-first', resets: 1 } }]);
  const { answer, calls } = await callsDuring(() => postJson(stack.gateway.url, LIST));
  expect(answer.body.errors).toBeUndefined();
  expect(calls).toHaveLength(2);
});

test.each([
  ['a 5xx burst', { kind: 'status', status: 503, body: '{"message":"busy"}' }, 'UPSTREAM_UNAVAILABLE'],
  ['a reset mid-body', { kind: 'truncate' }, 'UPSTREAM_UNAVAILABLE'],
  ['a wrong shape', { kind: 'status', status: 200, body: '{"databases": "not a list"}' }, 'UPSTREAM_BAD_RESPONSE'],
  ['a non-JSON 200', { kind: 'status', status: 200, body: '<html>', contentType: 'text/html' }, 'UPSTREAM_BAD_RESPONSE'],
] as const)('%s → its typed error, then a normal query succeeds', async (_name, fault, code) => {
  stack.proxy.setRules([{ fault }]);
  const answer = await postJson(stack.gateway.url, LIST);
  expect(answer.status).toBe(200);
  expect(codes(answer)).toEqual([code]);
  await normalQuerySucceeds();
});

test('an upstream that closes idle keep-alive connections early (unannounced): the next write is sent once and succeeds', async () => {
  stack.proxy.setIdleClose(200);
  try {
    await normalQuerySucceeds();
    // the proxy closes the gateway's idle connection(s); wait for it rather than for a time
    while (stack.proxy.openConnections() > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const { answer, calls } = await callsDuring(() =>
      postJson(stack.gateway.url, 'mutation { createDatabase(name: "after-idle-close", maxSize: 1) { id } }'),
    );
    expect(answer.body.errors).toBeUndefined();
    expect(calls.filter((call) => call.startsWith('POST'))).toHaveLength(1);
  } finally {
    stack.proxy.setIdleClose(0);
  }
});
