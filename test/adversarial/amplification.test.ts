/**
 * Issue 9 item 4: amplification through nesting and aliases. A short query must not fan out into many billed
 * upstream calls: cost analysis that knows this schema's list arguments refuses the deep nesting before any
 * call, the per-request loader fetches one page of features once however often it is asked for, a hard cap on
 * upstream calls per operation holds whatever the estimate says, and another client is not held up.
 * Upstream calls are counted at the fault proxy in front of a real local Face API.
 */
import { appPath, startStack, type Stack } from '../gateway/support/stack';
import { BLANK_PNG_BASE64, createDatabase, postJson, samplePhoto } from '../gateway/support/graphql';

let stack: Stack;
/** long enough for any normal query here; it ends the attacker's hung query in the last test */
const DEADLINE_MS = 15_000;
let dbId: string;
let stored: number;

beforeAll(async () => {
  stack = await startStack({
    timeoutMs: 60_000,
    // a small upstream concurrency, so that calls held by one client would show in another's
    transport: { resilience: { maxInFlight: 2, retries: 0, maxCallsPerOperation: 6, operationTimeoutMs: DEADLINE_MS } },
  });
  dbId = await createDatabase(stack.gateway.url, 'amplification');
  const features = [1, 2, 3, 4, 5, 6].map((n) => ({ image: { base64: samplePhoto(n).toString('base64') } }));
  const added = await postJson(
    stack.gateway.url,
    'mutation($d: ID!, $f: [NewFeatureInput!]!) { addFeatures(databaseId: $d, features: $f) { ok } }',
    { d: dbId, f: features },
  );
  stored = added.body.data.addFeatures.filter((result: { ok: boolean }) => result.ok).length;
  expect(stored).toBeGreaterThanOrEqual(3);
}, 180_000);
afterAll(() => stack?.close());

/** Upstream calls made while `run` ran. */
async function upstreamCalls<T>(run: () => Promise<T>): Promise<{ answer: T; calls: string[] }> {
  const before = stack.proxy.calls.length;
  const answer = await run();
  return { answer, calls: stack.proxy.calls.slice(before) };
}

async function normalQuerySucceeds(): Promise<void> {
  stack.proxy.setRules([]);
  const answer = await postJson(stack.gateway.url, '{ databases { id } }');
  expect(answer.body.errors).toBeUndefined();
}

test('the 200-byte nested features(limit: 1000) query is refused before any upstream call', async () => {
  const query = `query($d: ID!) { database(id: $d) { features(limit: 1000) { features { database { features(limit: 1000) {
    features { database { features(limit: 1000) { total } } } } } } } } }`;
  const { answer, calls } = await upstreamCalls(() => postJson(stack.gateway.url, query, { d: dbId }));
  expect(answer.status).toBe(400);
  expect(answer.body.errors?.[0].extensions?.code).toBe('COST_ESTIMATED_TOO_EXPENSIVE');
  expect(answer.body.errors?.[0].extensions?.cost).toBeGreaterThan(answer.body.errors?.[0].extensions?.maxCost);
  expect(calls).toEqual([]);
  await normalQuerySucceeds();
});

test('the cost follows the list arguments: the same nesting with small pages runs', async () => {
  const query = `query($d: ID!) { database(id: $d) { features(limit: 10) { features { database { features(limit: 10) { total } } } } } }`;
  const { answer, calls } = await upstreamCalls(() => postJson(stack.gateway.url, query, { d: dbId }));
  expect(answer.body.errors).toBeUndefined();
  const pages = answer.body.data.database.features.features;
  expect(pages).toHaveLength(stored);
  for (const feature of pages) expect(feature.database.features.total).toBe(stored);
  // one database list and ONE page: every feature asks for the same page, the loader fetches it once
  expect(calls).toEqual([`GET ${appPath()}/databases`, `GET ${appPath()}/databases/${dbId}/features?offset=0&limit=10`]);
});

test('repeated fields and aliases of the same page cost one upstream call', async () => {
  const query = `query($d: ID!) { database(id: $d) { a: features(limit: 5) { total } b: features(limit: 5) { total } features(limit: 5) { total } } }`;
  const { answer, calls } = await upstreamCalls(() => postJson(stack.gateway.url, query, { d: dbId }));
  expect(answer.body.errors).toBeUndefined();
  expect(calls.filter((call) => call.includes('/features'))).toHaveLength(1);
});

test('15 aliases of one lookup share one upstream call', async () => {
  const aliases = Array.from({ length: 15 }, (_, i) => `d${i}: database(id: $d) { id name }`).join(' ');
  const { answer, calls } = await upstreamCalls(() => postJson(stack.gateway.url, `query($d: ID!) { ${aliases} }`, { d: dbId }));
  expect(answer.body.errors).toBeUndefined();
  expect(calls).toEqual([`GET ${appPath()}/databases`]);
});

test('many images times aliases: 15 × detectFaces of 256 images is refused before any upstream call', async () => {
  const aliases = Array.from({ length: 15 }, (_, i) => `a${i}: detectFaces(images: $i) { index faces { score } }`).join(' ');
  const images = Array.from({ length: 256 }, () => ({ base64: BLANK_PNG_BASE64 }));
  const { answer, calls } = await upstreamCalls(() =>
    postJson(stack.gateway.url, `mutation($i: [ImageInput!]!) { ${aliases} }`, { i: images }),
  );
  expect(answer.status).toBe(400);
  expect(answer.body.errors?.[0].extensions?.code).toBe('COST_ESTIMATED_TOO_EXPENSIVE');
  expect(calls).toEqual([]);
  await normalQuerySucceeds();
});

test('the hard cap on upstream calls per operation answers UPSTREAM_CALL_LIMIT once reached, and makes no more calls', async () => {
  // 8 aliased lookups (nullable fields: the answer waits for all of them), under the cost limit, above a cap of 6
  const lookups = Array.from({ length: 8 }, (_, i) => `f${i}: feature(databaseId: $d, id: "absent-${i}") { id }`).join(' ');
  const { answer, calls } = await upstreamCalls(() => postJson(stack.gateway.url, `query($d: ID!) { ${lookups} }`, { d: dbId }));
  expect(calls).toHaveLength(6);
  const codes = answer.body.errors?.map((error) => error.extensions?.code);
  expect(codes).toHaveLength(2);
  expect(new Set(codes)).toEqual(new Set(['UPSTREAM_CALL_LIMIT']));
  expect(answer.body.errors?.[0].message).toMatch(/limit of 6 upstream calls/);
  await normalQuerySucceeds();
});

test('another client is not held up by a nested query whose pages hang upstream', async () => {
  // the inner pages (limit 9) hang: before the fix each feature asked for its own copy, filling both upstream slots
  stack.proxy.setRules([{ match: (method, path) => method === 'GET' && path.includes('limit=9'), fault: { kind: 'hang' } }]);
  const query = `query($d: ID!) { database(id: $d) { features(limit: 10) { features { database { features(limit: 9) { total } } } } } }`;
  let attackerDone = false;
  const attacker = postJson(stack.gateway.url, query, { d: dbId }).finally(() => (attackerDone = true));
  while (stack.proxy.hanging() === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  const hungBefore = stack.proxy.hanging();

  const victim = await postJson(stack.gateway.url, '{ databases { id } }');
  expect(victim.body.errors).toBeUndefined();
  // the victim was served while every hung call of the attacker was still hanging: it did not wait for them
  expect(attackerDone).toBe(false);
  expect(stack.proxy.hanging()).toBe(hungBefore);
  expect(hungBefore).toBe(1);

  // the attacker's own query ends at its operation deadline
  const answer = await attacker;
  expect(answer.body.errors?.map((error) => error.extensions?.code)).toContain('UPSTREAM_TIMEOUT');
  expect(answer.body.errors?.[0].message).toMatch(/deadline of 15000 ms/);
  await normalQuerySucceeds();
}, 60_000);
