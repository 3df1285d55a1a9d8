import { join } from 'node:path';
import { request } from 'node:http';
import type { FaceEngine } from '../../src/local-face-api/engine';
import { AuthMessages } from '../../src/local-face-api/auth';
import { MAX_BODY_BYTES } from '../../src/local-face-api/http';
import { signRequest } from '../../src/face-api-contract';
import { startTestApi, useTestApi, TEST_APP, TRACE_ID, type TestApi } from './support/api';
import { base64, samplePhoto } from './support/photos';

/** Transport-level contract over real HTTP: auth, routing, bodies, limits, trace ids, health, shutdown. */

let engine: FaceEngine;
let t: TestApi;

useTestApi((e, api) => {
  engine = e;
  t = api;
});

describe('authentication over HTTP', () => {
  it('answers a correctly signed request', async () => {
    const answer = await t.client.call('GET', 'databases');
    expect(answer.status).toBe(200);
    expect(answer.body.trace_id).toMatch(TRACE_ID);
  });

  it.each([
    ['missing headers', { authorization: undefined, 'x-date': undefined }, AuthMessages.MISSING],
    ['a missing x-date', { 'x-date': undefined }, AuthMessages.DATE],
    ['a malformed Authorization', { authorization: 'hmac nonsense' }, AuthMessages.INVALID],
    ['a stale x-date', { 'x-date': new Date(Date.now() - 301_000).toUTCString() }, AuthMessages.DATE],
  ])('401 with a Kong-style body for %s', async (_, headers, message) => {
    const answer = await t.client.call('GET', 'databases', undefined, { headers });
    expect(answer.status).toBe(401);
    expect(answer.body.message).toBe(message);
    expect(answer.body.code).toBeUndefined();
    expect(answer.body.trace_id).toMatch(TRACE_ID);
  });

  it('401 for an unknown access key and for a wrong secret', async () => {
    const unknown = await t.client.call('GET', 'databases', undefined, {
      credentials: { accessKey: 'nobody', secretKey: TEST_APP.secretKey },
    });
    expect([unknown.status, unknown.body.message]).toEqual([401, AuthMessages.INVALID]);
    const wrong = await t.client.call('GET', 'databases', undefined, {
      credentials: { accessKey: TEST_APP.accessKey, secretKey: 'guess' },
    });
    expect([wrong.status, wrong.body.message]).toEqual([401, AuthMessages.MISMATCH]);
  });

  it('401 when the signature covers another request line (query string dropped)', async () => {
    const headers = signRequest(TEST_APP, 'GET', `/openapi/face/v1/${TEST_APP.appId}/databases`);
    const answer = await t.client.call('GET', 'databases?offset=1', undefined, { headers: { ...headers } });
    expect([answer.status, answer.body.message]).toEqual([401, AuthMessages.MISMATCH]);
  });

  it('authenticates before anything else: unknown routes and bad bodies still get 401', async () => {
    const route = await t.client.call('GET', 'nowhere', undefined, { headers: { authorization: undefined } });
    const body = await t.client.call('POST', 'databases', undefined, { rawBody: '{', headers: { authorization: undefined } });
    expect([route.status, body.status]).toEqual([401, 401]);
  });

  it('403 PERMISSION_DENIED when the path holds another app id than the key', async () => {
    const answer = await t.client.call('GET', 'databases', undefined, { appId: 'another-app' });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ code: 7, message: expect.stringContaining('another-app') });
    expect(answer.body.trace_id).toMatch(TRACE_ID);
  });
});

describe('routing and request bodies', () => {
  it('404 NOT_FOUND for an unknown route or method', async () => {
    for (const [method, path] of [
      ['GET', 'nowhere'],
      ['GET', 'detect'],
      ['POST', 'databases/x/y/z/w'],
      ['PUT', 'databases'],
    ]) {
      const answer = await t.client.call(method, path, method === 'POST' ? {} : undefined);
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ code: 5, trace_id: expect.stringMatching(TRACE_ID) });
    }
  });

  it('404 outside the API base path (without auth)', async () => {
    const response = await fetch(`${t.api.url.replace('/openapi/face/v1', '')}/other`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: number }).code).toBe(5);
  });

  it.each([
    ['invalid JSON', '{"name": '],
    ['an empty body', ''],
    ['a JSON array', '[]'],
    ['a JSON string', '"databases"'],
  ])('400 INVALID_ARGUMENT for %s', async (_, rawBody) => {
    const answer = await t.client.call('POST', 'databases', undefined, { rawBody });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 3, message: expect.any(String), trace_id: expect.stringMatching(TRACE_ID) });
  });

  /** Streams `size` bytes on a fresh connection (declared length or chunked) and returns the answer. */
  function postOversized(size: number, declareLength: boolean): Promise<{ status: number; body: { code: number; trace_id: string } }> {
    const url = new URL(`${t.api.url}/${TEST_APP.appId}/detect`);
    const headers: Record<string, string | number> = { ...signRequest(TEST_APP, 'POST', url.pathname) };
    if (declareLength) headers['content-length'] = size;
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < size) {
          const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
          sent += piece.length;
          if (!req.write(piece)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
  }

  it.each([
    ['a declared Content-Length', true],
    ['a chunked body', false],
  ])('413 PAYLOAD_TOO_LARGE for %s over the limit, answered after the body is drained', async (_, declared) => {
    const answer = await postOversized(MAX_BODY_BYTES + 1, declared);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ code: 8, trace_id: expect.stringMatching(TRACE_ID) });
    expect((await t.client.call('GET', 'databases')).status).toBe(200);
  });

  it('every answer carries a fresh 32-hex trace_id, also in the x-trace-id header', async () => {
    const [a, b] = await Promise.all([t.client.call('GET', 'databases'), t.client.call('GET', 'databases')]);
    expect(a.body.trace_id).not.toBe(b.body.trace_id);
    expect(a.headers.get('x-trace-id')).toBe(a.body.trace_id);
  });
});

describe('health and system info', () => {
  it('GET /healthz answers 200 without auth', async () => {
    const response = await fetch(`${t.api.url.replace('/openapi/face/v1', '')}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', trace_id: expect.stringMatching(TRACE_ID) });
  });

  it('GET system/info reports version, models and limits', async () => {
    const answer = await t.client.call('GET', 'system/info');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      version: expect.any(String),
      feature_version: 2,
      models: expect.any(Object),
      limits: { max_images_per_batch: 16, max_image_bytes: 8 * 1024 * 1024, min_face_pixels: 32 },
    });
    expect(Object.keys(answer.body.models).length).toBeGreaterThan(0);
  });
});

describe('shutdown', () => {
  it('close() lets an in-flight request finish, then refuses connections; a second close is harmless', async () => {
    const own = await startTestApi(engine);
    const inFlight = own.client.call('POST', 'detect', { images: [{ data: base64(samplePhoto(1)) }] });
    await new Promise((resolve) => setTimeout(resolve, 300)); // received, the engine is at work
    const closing = own.close();
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(answered.body.batches[0].faces.length).toBeGreaterThan(0);
    await closing;
    await own.api.close();
    await expect(own.client.call('GET', 'databases')).rejects.toThrow();
  });
});

describe('start-up failures', () => {
  it('rejects when the port is taken, leaving the caller’s engine usable', async () => {
    await expect(startTestApi(engine, undefined, t.api.port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect((await engine.detect(samplePhoto(1))).length).toBeGreaterThan(0);
  });

  it('rejects when DATA_DIR cannot be created', async () => {
    const file = join(t.dataDir, 'face-api.sqlite');
    await expect(startTestApi(engine, join(file, 'sub'))).rejects.toThrow(`DATA_DIR ${join(file, 'sub')} is not usable: it (or a parent) is not a directory`);
  });
});
