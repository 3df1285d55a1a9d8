/**
 * The gateway as a real process (src/main.ts with the embedded local Face API): one JSON log line per request
 * with the fields operators need, no secret, key, token, image byte or base64 text on any line, and the
 * Prometheus metrics of both servers scraped over HTTP (the gateway's on METRICS_PORT).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { photoBlob, postJson, postMultipart, samplePhoto } from '../gateway/support/graphql';
import { eventually, sample, startMain, type GatewayProcess } from './support';

const WEB_KEY = 'web-key-0123456789abcdef';
const READER_KEY = 'reader-key-fedcba9876543210';
const READER_ID = `key-${createHash('sha256').update(READER_KEY).digest('hex').slice(0, 8)}`;
const JWT_SECRET = 'a-jwt-secret-of-at-least-32-characters!';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const PHOTO = samplePhoto(1);
const PHOTO_BASE64 = PHOTO.toString('base64');
const PROBE_BASE64 = samplePhoto(2).toString('base64');

let gateway: GatewayProcess;
let url: string;
let metricsUrl: string;
let faceApiOrigin: string;
let dataDir: string;
let jwt: string;
const responses: Record<string, { status: number; body: any; requestId: string | null }> = {};

async function send(name: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  responses[name] = { status: response.status, body: await response.json(), requestId: response.headers.get('x-request-id') };
  return responses[name];
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ops-logs-'));
  gateway = startMain({
    PORT: '0',
    LOCAL_FACE_API_PORT: '0',
    METRICS_PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
    GATEWAY_API_KEYS: `web-app=${WEB_KEY}:read+write+admin,${READER_KEY}:read`,
    GATEWAY_JWT_SECRET: JWT_SECRET,
    GATEWAY_RATE_LIMITS: `${READER_ID}:operations=2/minute`,
  });
  [, url] = await gateway.waitFor(/GraphQL gateway: (\S+)/);
  [, metricsUrl] = await gateway.waitFor(/Metrics: (http\S+)"/);
  faceApiOrigin = new URL((await gateway.waitFor(/Local Face API \(REST\): (\S+)/))[1]).origin;
  jwt = await new SignJWT({ scope: 'read' }).setProtectedHeader({ alg: 'HS256' }).setSubject('user-42').setExpirationTime('10m').sign(new TextEncoder().encode(JWT_SECRET));

  const web = bearer(WEB_KEY);
  const created = await send('create', 'mutation CreateDb { createDatabase(name: "ops", maxSize: 100) { id } }', {}, web);
  const databaseId = created.body.data.createDatabase.id;
  const add = 'mutation AddPhotos($db: ID!, $features: [NewFeatureInput!]!) { addFeatures(databaseId: $db, features: $features) { ok } }';
  const uploaded = await postMultipart(
    url,
    add,
    { db: databaseId, features: [{ image: { file: null } }, { image: { file: null } }] },
    [
      { path: 'variables.features.0.image.file', content: photoBlob(3) },
      { path: 'variables.features.1.image.file', content: photoBlob(4) },
    ],
    { 'apollo-require-preflight': 'true', ...web },
  );
  expect(uploaded.body.data.addFeatures).toEqual([{ ok: true }, { ok: true }]);
  await send('addBase64', add, { db: databaseId, features: [{ image: { base64: PHOTO_BASE64 }, extraInfo: 'base64' }] }, web);
  const search = 'mutation Probe($db: [ID!]!, $img: ImageInput!) { searchFaces(databaseIds: $db, image: $img, topK: 3) { matches { score feature { database { name } } } } }';
  await send('search', search, { db: [databaseId], img: { base64: PROBE_BASE64 } }, bearer(jwt));
  const quality = 'mutation Quality($img: ImageInput!) { checkQuality(image: $img) { result { ok } } }';
  for (const n of [1, 2, 3]) await send(`quality${n}`, quality, { img: { base64: PROBE_BASE64 } }, bearer(READER_KEY));
  await send('badKey', '{ databases { id } }', {}, bearer(`${WEB_KEY}x`));
  // invalid base64: the error names the variable; the log line must not carry its value
  await send('badImage', quality, { img: { base64: `${PHOTO_BASE64.slice(0, 600)}!!` } }, web);
  // an upstream failure (404): counted under the code the client receives, given by formatError
  await send('dropMissing', 'mutation DropMissing { deleteDatabase(id: "no-such-db") }', {}, web);
  await send('list', 'query ListDbs { databases { id } }', {}, { ...web, 'x-request-id': 'client-chosen-id-1' });
  // a line is written once its answer is sent, which can be just after the client has it
  await eventually('the last request\'s log line', () => gateway.stdout().includes('"requestId":"client-chosen-id-1"'));
}, 240_000);

afterAll(async () => {
  await gateway?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function requestLine(requestId: string | null): Record<string, any> {
  const line = gateway.logLines().find((entry) => entry.msg === 'request' && entry.component === 'gateway' && entry.requestId === requestId);
  if (!line) throw new Error(`no log line for request ${requestId}:\n${gateway.stdout()}`);
  return line;
}

describe('one JSON log line per request', () => {
  test('every stdout line is JSON with a level and a time', () => {
    const lines = gateway.logLines();
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(line).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) }));
  });

  test('a successful mutation: request id, operation, client (key name), outcome, duration, upstream calls and their trace ids', () => {
    const line = requestLine(responses.create.requestId);
    expect(line).toMatchObject({
      level: 'info',
      method: 'POST',
      path: '/graphql',
      status: 200,
      client: 'web-app',
      operation: 'CreateDb',
      operationType: 'mutation',
      outcome: 'success',
      upstreamCalls: 1,
    });
    expect(line.durationMs).toBeGreaterThan(0);
    expect(line.upstreamTraceIds).toHaveLength(1);
    expect(line.upstreamTraceIds[0]).toMatch(/^\w{8,}$/);
  });

  test('a JWT caller is its subject; a search makes two upstream calls, both trace ids listed', () => {
    expect(responses.search.body.data.searchFaces.matches.length).toBeGreaterThan(0);
    const line = requestLine(responses.search.requestId);
    expect(line).toMatchObject({ client: 'jwt:user-42', operation: 'Probe', outcome: 'success', imagesSent: 1 });
    expect(line.upstreamCalls).toBe(line.upstreamTraceIds.length);
    expect(line.upstreamCalls).toBeGreaterThanOrEqual(1);
  });

  test('a rate-limited call: 429, RATE_LIMITED, no upstream call, the unnamed key by its hash', () => {
    expect(responses.quality3.status).toBe(429);
    expect(responses.quality3.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'operations' });
    expect(requestLine(responses.quality3.requestId)).toMatchObject({ status: 429, client: READER_ID, outcome: 'rate_limited', errorCodes: ['RATE_LIMITED'], upstreamCalls: 0 });
  });

  test('failures: a wrong key (401, no client) and a bad image (error code, no upstream call)', () => {
    expect(requestLine(responses.badKey.requestId)).toMatchObject({ status: 401, outcome: 'error' });
    expect(requestLine(responses.badKey.requestId).client).toBeUndefined();
    expect(requestLine(responses.badImage.requestId)).toMatchObject({ outcome: 'error', errorCodes: ['BAD_USER_INPUT'], upstreamCalls: 0 });
  });

  test('an upstream failure: the code the client receives (NOT_FOUND), one upstream call', () => {
    expect(responses.dropMissing.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(requestLine(responses.dropMissing.requestId)).toMatchObject({ operation: 'DropMissing', outcome: 'error', errorCodes: ['NOT_FOUND'], upstreamCalls: 1 });
  });

  test("a client's X-Request-Id is kept and echoed", () => {
    expect(responses.list.requestId).toBe('client-chosen-id-1');
    expect(requestLine('client-chosen-id-1')).toMatchObject({ operation: 'ListDbs', operationType: 'query' });
  });

  test('the local Face API logs each request the same way', () => {
    const faceApiLines = gateway.logLines().filter((entry) => entry.component === 'local-face-api' && entry.msg === 'request');
    const creates = responses.create.body.data.createDatabase.id;
    expect(faceApiLines).toEqual(
      expect.arrayContaining([expect.objectContaining({ method: 'POST', route: 'databases/search', status: 200, traceId: expect.any(String), durationMs: expect.any(Number) })]),
    );
    // the gateway's line lists the trace ids the Face API's lines carry
    const traceIds = new Set(faceApiLines.map((entry) => entry.traceId));
    expect(requestLine(responses.create.requestId).upstreamTraceIds.every((id: string) => traceIds.has(id))).toBe(true);
    expect(creates).toBeTruthy();
  });

  test('no key, token, secret, image byte or base64 text on any line', () => {
    const output = gateway.stdout() + gateway.stderr();
    const devSecret = JSON.parse(readFileSync((/Development credentials kept in ([^"\s]+)/.exec(output) ?? [])[1]!, 'utf8')).secretKey;
    for (const secret of [WEB_KEY, READER_KEY, JWT_SECRET, jwt, jwt.split('.')[2], devSecret]) expect(output).not.toContain(secret);
    for (const base64 of [PHOTO_BASE64, PROBE_BASE64]) {
      for (let at = 0; at + 24 <= 2400; at += 240) expect(output).not.toContain(base64.slice(at, at + 24));
    }
    // no long unbroken base64/token-like run and no binary at all
    expect(output).not.toMatch(/[A-Za-z0-9+=_]{41,}/);
    expect(output).not.toMatch(/[\u0000-\u0008\u000e-\u001f\ufffd]/);
    expect(output).not.toContain('JFIF');
    expect(output).not.toContain(PHOTO.subarray(200, 232).toString('latin1'));
  });
});

describe('Prometheus metrics, scraped from the running processes', () => {
  let gatewayMetrics: string;
  let faceApiMetrics: string;
  beforeAll(async () => {
    gatewayMetrics = await (await fetch(metricsUrl)).text();
    faceApiMetrics = await (await fetch(`${faceApiOrigin}/metrics`)).text();
  });

  test('with METRICS_PORT, /metrics is on its own port and not on the GraphQL port', async () => {
    expect(new URL(metricsUrl).port).not.toBe(new URL(url).port);
    expect((await fetch(url.replace('/graphql', '/metrics'))).status).toBe(404);
  });

  test('GraphQL requests by operation and outcome, and their durations', () => {
    expect(sample(gatewayMetrics, 'gateway_graphql_requests_total', { operation: 'CreateDb', type: 'mutation', outcome: 'success' })).toBe(1);
    expect(sample(gatewayMetrics, 'gateway_graphql_requests_total', { operation: 'Quality', outcome: 'rate_limited' })).toBe(1);
    expect(sample(gatewayMetrics, 'gateway_graphql_request_duration_seconds_count', { operation: 'Probe', type: 'mutation' })).toBe(1);
    expect(sample(gatewayMetrics, 'gateway_graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBe(1);
    expect(sample(gatewayMetrics, 'gateway_graphql_errors_total', { code: 'NOT_FOUND' })).toBe(1);
    expect(sample(gatewayMetrics, 'gateway_graphql_requests_total', { operation: 'DropMissing', outcome: 'error' })).toBe(1);
  });

  test('upstream calls by endpoint and status, latency, images sent, breaker, in flight and queued', () => {
    const addEndpoint = 'POST /databases/{db_id}/features';
    expect(sample(gatewayMetrics, 'gateway_upstream_requests_total', { endpoint: addEndpoint, status: '200' })).toBe(2);
    expect(sample(gatewayMetrics, 'gateway_upstream_request_duration_seconds_count', { endpoint: 'POST /databases/search' })).toBe(1);
    expect(sample(gatewayMetrics, 'gateway_upstream_images_sent_total', { endpoint: addEndpoint })).toBe(3);
    expect(sample(gatewayMetrics, 'gateway_upstream_images_sent_total', { endpoint: 'POST /quality' })).toBe(2);
    expect(sample(gatewayMetrics, 'gateway_upstream_breaker_state', { state: 'closed' })).toBe(1);
    expect(sample(gatewayMetrics, 'gateway_upstream_breaker_state', { state: 'open' })).toBe(0);
    expect(sample(gatewayMetrics, 'gateway_upstream_in_flight')).toBe(0);
    expect(sample(gatewayMetrics, 'gateway_upstream_queued')).toBe(0);
  });

  test('rate-limit rejections and the default process metrics', () => {
    expect(sample(gatewayMetrics, 'gateway_rate_limited_total', { limit: 'operations' })).toBe(1);
    expect(sample(gatewayMetrics, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(gatewayMetrics, 'nodejs_eventloop_lag_seconds')).toBeDefined();
  });

  test('the local Face API: requests by route, engine queue length and per-stage times', () => {
    expect(sample(faceApiMetrics, 'face_api_requests_total', { method: 'POST', route: 'databases/:db_id/features', status: '200' })).toBe(2);
    expect(sample(faceApiMetrics, 'face_api_engine_queue_length')).toBe(0);
    expect(sample(faceApiMetrics, 'face_api_engine_stage_duration_seconds_count', { stage: 'embedLargest' })).toBeGreaterThanOrEqual(4);
    expect(sample(faceApiMetrics, 'face_api_engine_stage_duration_seconds_count', { stage: 'quality' })).toBe(2);
    expect(sample(faceApiMetrics, 'face_api_engine_stage_duration_seconds_count', { stage: 'queue' })).toBeGreaterThanOrEqual(6);
  });

  test('no key or image data in the scraped text', () => {
    for (const text of [gatewayMetrics, faceApiMetrics]) {
      expect(text).not.toContain(WEB_KEY);
      expect(text).not.toContain(PHOTO_BASE64.slice(0, 24));
    }
  });
});
