/**
 * Per-client rate limits and image quotas over HTTP, against the real local Face API: the default operations
 * limit, a per-client override, a 16-photo add costing 16 images, 429 + Retry-After + RATE_LIMITED, nothing
 * spent (and nothing sent upstream) by a refused request, and the refusals counted in /metrics.
 */
import { parseApiKeys } from '../../src/gateway/access/api-keys';
import { parseRateLimitRules } from '../../src/gateway/limits/rate-limit-rules';
import type { RunningGateway } from '../../src/gateway/server';
import { samplePhoto } from '../gateway/support/graphql';
import { startStack, type Stack } from '../gateway/support/stack';
import { sample } from './support';

const ALICE = 'alice-key-0123456789';
const BOB = 'bob-key-0123456789';

let stack: Stack;
let gateway: RunningGateway;

async function call(key: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
}

const ADD = 'mutation Add($db: ID!, $f: [NewFeatureInput!]!) { addFeatures(databaseId: $db, features: $f) { ok } }';
const photos = (count: number) => Array.from({ length: count }, (_, i) => ({ image: { base64: samplePhoto((i % 6) + 1).toString('base64') } }));

beforeAll(async () => {
  stack = await startStack({
    transport: { connections: 4 },
    gateway: {
      access: { enabled: true, apiKeys: parseApiKeys(`alice=${ALICE}:read,bob=${BOB}:read+write+admin`), jwt: null },
      operations: { rateLimits: parseRateLimitRules('4/minute', 'images=20/minute,bob:operations=100/minute') },
    },
  });
  gateway = stack.gateway;
}, 120_000);
afterAll(() => stack?.close());

test('the default limit: the fifth operation in a minute is refused with 429, Retry-After and RATE_LIMITED', async () => {
  for (let i = 0; i < 4; i++) expect((await call(ALICE, '{ databases { id } }')).body.errors).toBeUndefined();
  const refused = await call(ALICE, '{ databases { id } }');
  expect(refused.status).toBe(429);
  const retryAfter = Number(refused.retryAfter);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(refused.body.data).toBeUndefined();
  expect(refused.body.errors).toEqual([
    { message: expect.stringMatching(/^Rate limit exceeded \(operations=4\/minute\); retry in \d+ s$/), extensions: { code: 'RATE_LIMITED', limit: 'operations', retryAfterSeconds: retryAfter } },
  ]);
});

test('images are the unit of a quota: a 16-photo add costs 16, a refused add spends nothing and sends nothing', async () => {
  // bob's own operations limit (100/minute) replaces the default 4/minute
  const db = (await call(BOB, 'mutation { createDatabase(name: "quota", maxSize: 100) { id } }')).body.data.createDatabase.id;
  const tooBig = await call(BOB, ADD, { db, f: photos(21) });
  expect(tooBig.status).toBe(429);
  expect(tooBig.body.errors[0]).toMatchObject({ message: expect.stringContaining('costs more than the limit images=20/minute allows at once'), extensions: { code: 'RATE_LIMITED', limit: 'images' } });

  const sixteen = await call(BOB, ADD, { db, f: photos(16) });
  expect(sixteen.body.data.addFeatures).toHaveLength(16);
  const over = await call(BOB, ADD, { db, f: photos(5) });
  expect(over.status).toBe(429);
  expect(over.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'images' });
  // the 4 images left are still there: the refused request spent none
  expect((await call(BOB, ADD, { db, f: photos(4) })).body.data.addFeatures).toHaveLength(4);
  expect((await call(BOB, 'mutation($i: ImageInput!) { checkQuality(image: $i) { result { ok } } }', { i: photos(1)[0].image })).status).toBe(429);
  for (let i = 0; i < 6; i++) expect((await call(BOB, '{ databases { id } }')).status).toBe(200);

  const metrics = await (await fetch(gateway.metricsUrl)).text();
  expect(sample(metrics, 'gateway_upstream_images_sent_total', { endpoint: 'POST /databases/{db_id}/features' })).toBe(20);
  expect(sample(metrics, 'gateway_rate_limited_total', { limit: 'images' })).toBe(3);
  expect(sample(metrics, 'gateway_rate_limited_total', { limit: 'operations' })).toBe(1);
}, 120_000);
