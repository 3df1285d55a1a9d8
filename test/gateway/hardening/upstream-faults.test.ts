/**
 * Upstream faults injected by a proxy between a real gateway and a real local Face API: each fault gives its
 * typed GraphQL error, a normal query succeeds right after, the circuit breaker fails fast while the upstream
 * is down and recovers by itself (/readyz 503, then 200), and no connection is left behind.
 */
import { postJson, type GraphQLResponse } from '../support/graphql';
import { CREDENTIALS, startStack, type Stack } from '../support/stack';
import type { RunningGateway } from '../../../src/gateway/server';
import type { Fault } from '../../support/fault-proxy';

let stack: Stack;
let handlesAtStart: number;
const activeHandles = () => (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;
const BREAKER_OPEN_MS = 4000;
const READY_CACHE_MS = 2000; // server.ts: /readyz shares one probe for 2 s
const CONNECTIONS = 8;
const RESILIENCE = { retries: 1, retryBaseDelayMs: 10, breakerFailures: 3, breakerOpenMs: BREAKER_OPEN_MS };
// Only the timeout tests run against a timeout, on a gateway of their own: the proxy, the Face API and the
// gateway share this test's process, so on a loaded machine a normal call can take a second, and a short
// timeout on every gateway made the other faults (and the breaker after them) depend on the machine's load.
const TIMEOUT_MS = 5000;

beforeAll(async () => {
  // the default timeouts (60 s): a fault below is answered by the fault, never by a timer
  stack = await startStack({ transport: { connections: CONNECTIONS, resilience: RESILIENCE } });
  await normalQuerySucceeds(); // the pool holds a connection from here on
  handlesAtStart = activeHandles();
}, 120000);
afterAll(() => stack?.close());

const LIST = '{ databases { id } }';
const CREATE = 'mutation { createDatabase(name: "fault", maxSize: 5) { id } }';

const list = (url = stack.gateway.url) => postJson(url, LIST);
const firstError = (answer: GraphQLResponse) => answer.body.errors?.[0];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function normalQuerySucceeds(url = stack.gateway.url): Promise<void> {
  stack.proxy.setRules([]);
  stack.proxy.setDelay(0);
  const answer = await list(url);
  expect(answer.body.errors).toBeUndefined();
  expect(Array.isArray(answer.body.data.databases)).toBe(true);
}

const KONG_401 = JSON.stringify({ message: 'HMAC signature cannot be verified' });
const MERCURY_500 = JSON.stringify({ code: 1, message: 'internal failure', trace_id: 'a'.repeat(32) });

const FAULTS: Array<[string, Fault, { code: string; httpStatus: number | null; message: RegExp }]> = [
  ['503', { kind: 'status', status: 503, body: '{"message":"busy"}' }, { code: 'UPSTREAM_UNAVAILABLE', httpStatus: 503, message: /busy/ }],
  ['502 HTML page', { kind: 'status', status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' }, { code: 'UPSTREAM_UNAVAILABLE', httpStatus: 502, message: /^Face API answered HTTP 502 with a non-JSON body$/ }],
  ['500 with a Mercury error body', { kind: 'status', status: 500, body: MERCURY_500 }, { code: 'UPSTREAM_ERROR', httpStatus: 500, message: /internal failure/ }],
  ['connection reset', { kind: 'reset' }, { code: 'UPSTREAM_UNAVAILABLE', httpStatus: null, message: /./ }],
  ['truncated body', { kind: 'truncate' }, { code: 'UPSTREAM_UNAVAILABLE', httpStatus: null, message: /./ }],
  ['non-JSON 200', { kind: 'status', status: 200, body: 'hello, not json', contentType: 'text/plain' }, { code: 'UPSTREAM_BAD_RESPONSE', httpStatus: 200, message: /./ }],
  ['Kong-style 401', { kind: 'status', status: 401, body: KONG_401 }, { code: 'UPSTREAM_UNAUTHENTICATED', httpStatus: 401, message: /^The Face API rejected the gateway's credentials: HMAC signature cannot be verified$/ }],
];

test.each(FAULTS)('%s → typed error, then a normal query succeeds', async (_name, fault, expected) => {
  stack.proxy.setRules([{ fault }]);
  const answer = await list();
  const error = firstError(answer);
  console.log(`${_name}: ${JSON.stringify(error)}`);
  expect(error?.extensions).toMatchObject({ code: expected.code, httpStatus: expected.httpStatus });
  expect(error?.message).toMatch(expected.message);
  expect(JSON.stringify(answer.body)).not.toContain(CREDENTIALS.secretKey);
  await normalQuerySucceeds();
});

describe('timeouts (a gateway whose upstream timeout is TIMEOUT_MS)', () => {
  let timeoutGateway: RunningGateway;
  beforeAll(async () => {
    timeoutGateway = await stack.addGateway(undefined, {
      connections: CONNECTIONS,
      headersTimeoutMs: TIMEOUT_MS,
      bodyTimeoutMs: TIMEOUT_MS,
      resilience: { ...RESILIENCE, retries: 0 }, // one attempt: each test waits one timeout, not two
    });
    await normalQuerySucceeds(timeoutGateway.url);
  }, 120000);
  afterAll(() => timeoutGateway.close()); // before the leftover-handles test below

  test('no answer (hang) → UPSTREAM_TIMEOUT, then a normal query succeeds', async () => {
    stack.proxy.setRules([{ fault: { kind: 'hang' } }]);
    const answer = await list(timeoutGateway.url);
    const error = firstError(answer);
    expect(error?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', httpStatus: null });
    expect(error?.message).toMatch(/./);
    expect(JSON.stringify(answer.body)).not.toContain(CREDENTIALS.secretKey);
    await normalQuerySucceeds(timeoutGateway.url);
  }, 30000);

  test('a response slower than the timeout is UPSTREAM_TIMEOUT', async () => {
    stack.proxy.setDelay(TIMEOUT_MS + 2000);
    const answer = await list(timeoutGateway.url);
    expect(firstError(answer)?.extensions?.code).toBe('UPSTREAM_TIMEOUT');
    await normalQuerySucceeds(timeoutGateway.url);
  }, 30000);
});

test('a write hit by a reset is UPSTREAM_UNAVAILABLE and sent exactly once (never retried)', async () => {
  stack.proxy.setRules([{ fault: { kind: 'reset' } }]);
  const before = stack.proxy.calls.length;
  const answer = await postJson(stack.gateway.url, CREATE);
  expect(firstError(answer)?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
  expect(stack.proxy.calls.slice(before)).toEqual([expect.stringMatching(/^POST .*\/databases$/)]);
  await normalQuerySucceeds();
});

test('while the upstream is down the breaker fails fast and /readyz says 503; both recover by themselves', async () => {
  const readyz = async () => (await fetch(new URL('/readyz', stack.gateway.url))).status;
  await pause(READY_CACHE_MS + 100); // a fresh readiness probe, not one cached by an earlier test
  expect(await readyz()).toBe(200);

  stack.proxy.setRules([{ fault: { kind: 'reset' } }]);
  const opened = Date.now();
  await list(); // two failed attempts (one retry)
  await list(); // the third failure opens the circuit
  const callsWhileOpen = stack.proxy.calls.length;
  const fast = await list();
  // failing fast is failing without calling (no wall-clock bound: the machine may be loaded)
  expect(firstError(fast)?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
  expect(firstError(fast)?.message).toMatch(/circuit is open/);
  expect(stack.proxy.calls.length).toBe(callsWhileOpen); // nothing reached the upstream
  await pause(READY_CACHE_MS + 100); // the 200 above is cached for 2 s
  expect(await readyz()).toBe(503);
  expect(stack.proxy.calls.length).toBe(callsWhileOpen); // the probe did not call either

  stack.proxy.setRules([]); // the upstream is back
  await pause(Math.max(0, opened + BREAKER_OPEN_MS - Date.now()) + READY_CACHE_MS + 100);
  expect(await readyz()).toBe(200); // its probe is the trial call that closes the breaker
  await normalQuerySucceeds();
}, 30000);

test('no connection or handle is left behind by the faults', async () => {
  await normalQuerySucceeds();
  await pause(200);
  const handles = activeHandles();
  const open = stack.proxy.openConnections();
  console.log(`after all faults: ${open} gateway→proxy connection(s) open; active handles ${handlesAtStart} at start, ${handles} now`);
  // only the gateway's keep-alive pool may hold connections to the upstream
  expect(open).toBeLessThanOrEqual(CONNECTIONS);
  expect(handles - handlesAtStart).toBeLessThanOrEqual(CONNECTIONS);
});
