/**
 * The local Face API signed by hand (issue 9 items 1 and 7): it routes exactly the path it verified, refuses dot
 * segments and encoded slashes with the contract's 400 body, accepts `x-date` only as an IMF-fixdate within the
 * clock skew, and a signature covers exactly one method, path and query. After every case the victim database
 * still holds its feature and a normal signed request succeeds.
 */
import { AuthMessages, MAX_CLOCK_SKEW_SECONDS } from '../../src/local-face-api/auth';
import type { FaceEngine } from '../../src/local-face-api/engine';
import { signRequest } from '../../src/face-api-contract';
import { TEST_APP, TRACE_ID, useTestApi, type TestApi } from '../local-face-api/support/api';
import { base64, samplePhoto } from '../local-face-api/support/photos';
import { rawRequest, type RawAnswer } from './input-support';

let t: TestApi;
let databaseId: string;
let featureId: string;

useTestApi((_engine: FaceEngine, api) => {
  t = api;
});

beforeAll(async () => {
  databaseId = await t.client.createDatabase(10, 'victim');
  const added = await t.client.call('POST', `databases/${databaseId}/features`, { images: [{ image: { data: base64(samplePhoto(5)) }, extra_info: 'kept' }] });
  featureId = added.body.features[0].feature_id;
}, 120000);

afterEach(async () => {
  const listed = await t.client.call('GET', `databases/${databaseId}/features`);
  expect(listed.status).toBe(200);
  expect(listed.body.features.map((f: { feature_id: string }) => f.feature_id)).toEqual([featureId]);
});

const appBase = () => new URL(t.api.url).pathname + `/${TEST_APP.appId}`;

/** A request signed by hand over exactly `path` (no URL normalisation on the way), with extra or replaced headers. */
function signed(method: string, path: string, options: { headers?: Array<[string, string]>; signedPath?: string; at?: Date; body?: string } = {}): Promise<RawAnswer> {
  const headers = signRequest(TEST_APP, method, options.signedPath ?? path, options.at);
  const names = new Set((options.headers ?? []).map(([name]) => name.toLowerCase()));
  const base: Array<[string, string]> = Object.entries(headers).filter(([name]) => !names.has(name));
  return rawRequest(t.api.url, { method, path, headers: [...base, ...(options.headers ?? []), ['content-type', 'application/json']], body: options.body });
}

const json = (answer: RawAnswer) => JSON.parse(answer.text);

describe('path traversal, signed by hand', () => {
  it.each([
    ['DELETE features/..', 'DELETE', () => `${appBase()}/databases/${databaseId}/features/..`],
    ['DELETE features/.', 'DELETE', () => `${appBase()}/databases/${databaseId}/features/.`],
    ['DELETE features/%2e%2e', 'DELETE', () => `${appBase()}/databases/${databaseId}/features/%2e%2e`],
    ['DELETE features/%2E%2e', 'DELETE', () => `${appBase()}/databases/${databaseId}/features/%2E%2e`],
    ['DELETE features/x/..', 'DELETE', () => `${appBase()}/databases/${databaseId}/features/x/..`],
    ['DELETE features/..\\', 'DELETE', () => `${appBase()}/databases/${databaseId}/features/..\\`],
    ['DELETE features\\..', 'DELETE', () => `${appBase()}/databases/${databaseId}/features\\..`],
    ['DELETE databases/x%2F..%2F<db>', 'DELETE', () => `${appBase()}/databases/x%2F..%2F${databaseId}`],
    ['DELETE features/a%5Cb', 'DELETE', () => `${appBase()}/databases/${databaseId}/features/a%5Cb`],
    ['GET features/.', 'GET', () => `${appBase()}/databases/${databaseId}/features/.`],
    ['POST features/. (the batch add route)', 'POST', () => `${appBase()}/databases/${databaseId}/features/.`],
    ['DELETE features/%00', 'DELETE', () => `${appBase()}/databases/${databaseId}/features/%00`],
    ['GET features/%E0%A4%A (malformed encoding)', 'GET', () => `${appBase()}/databases/${databaseId}/features/%E0%A4%A`],
    ['DELETE features/%ED%A0%80 (a UTF-8-encoded lone surrogate)', 'DELETE', () => `${appBase()}/databases/${databaseId}/features/%ED%A0%80`],
    ['GET ../<app>/databases', 'GET', () => `${appBase()}/../${TEST_APP.appId}/databases`],
  ])('%s: 400 INVALID_ARGUMENT with the contract body', async (_, method, path) => {
    const answer = await signed(method, path(), { body: method === 'POST' ? '{"extra_info":"x"}' : undefined });
    expect(answer.status).toBe(400);
    expect(json(answer)).toEqual({ trace_id: expect.stringMatching(TRACE_ID), code: 3, message: expect.stringMatching(/every path segment must be one opaque name/) });
  });

  it('an unsigned traversal is 401 first (auth before routing)', async () => {
    const answer = await rawRequest(t.api.url, { method: 'DELETE', path: `${appBase()}/databases/${databaseId}/features/..` });
    expect([answer.status, json(answer).message]).toEqual([401, AuthMessages.MISSING]);
  });

  it('the normal delete of an unknown feature still routes: 404', async () => {
    const answer = await signed('DELETE', `${appBase()}/databases/${databaseId}/features/no-such-feature`);
    expect([answer.status, json(answer).code]).toEqual([404, 5]);
  });
});

describe('x-date: RFC 7231 IMF-fixdate only (contract §2.1), within the clock skew', () => {
  const now = () => new Date();
  const list = () => `${appBase()}/databases`;

  it('accepts the IMF-fixdate it was signed with', async () => {
    expect((await signed('GET', list())).status).toBe(200);
  });

  /** A request whose x-date header is `xDate`, correctly signed over that same value. */
  function withDate(xDate: string): Promise<RawAnswer> {
    const at = new Date(Date.parse(xDate));
    const proper = signRequest(TEST_APP, 'GET', list(), at);
    // re-sign with the exact text of xDate: the signature must be right, only the format is wrong
    const { computeSignature, signingString } = jest.requireActual('../../src/face-api-contract');
    const signature = computeSignature(TEST_APP.secretKey, signingString(xDate, 'GET', list()));
    const authorization = proper.authorization.replace(/signature="[^"]*"/, `signature="${signature}"`);
    return rawRequest(t.api.url, { method: 'GET', path: list(), headers: [['x-date', xDate], ['authorization', authorization]] });
  }

  it.each([
    ['ISO 8601', (d: Date) => d.toISOString()],
    ['+0000 instead of GMT', (d: Date) => d.toUTCString().replace('GMT', '+0000')],
    ['UTC instead of GMT', (d: Date) => d.toUTCString().replace('GMT', 'UTC')],
    ['RFC 850', (d: Date) => d.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+)/, (_, day, dd, mon, yyyy) => `${day}day, ${dd}-${mon}-${yyyy.slice(2)}`)],
    ['asctime', (d: Date) => d.toString().slice(0, 24)],
    ['a wrong weekday', (d: Date) => d.toUTCString().replace(/^\w+/, (day) => (day === 'Mon' ? 'Tue' : 'Mon'))],
    ['lower-case gmt', (d: Date) => d.toUTCString().replace('GMT', 'gmt')],
    ['epoch seconds', (d: Date) => String(Math.floor(d.getTime() / 1000))],
  ])('refuses %s, signed correctly over it, with the Kong date message', async (_, format) => {
    const answer = await withDate(format(now()));
    expect([answer.status, json(answer).message]).toEqual([401, AuthMessages.DATE]);
  });

  it('refuses a replay beyond the clock skew, either way', async () => {
    for (const seconds of [MAX_CLOCK_SKEW_SECONDS + 30, -(MAX_CLOCK_SKEW_SECONDS + 30)]) {
      const answer = await signed('GET', list(), { at: new Date(Date.now() + seconds * 1000) });
      expect([answer.status, json(answer).message]).toEqual([401, AuthMessages.DATE]);
    }
  });

  it('refuses a duplicated x-date (even two equal copies)', async () => {
    const headers = signRequest(TEST_APP, 'GET', list());
    const answer = await rawRequest(t.api.url, {
      method: 'GET',
      path: list(),
      headers: [['x-date', headers['x-date']], ['x-date', headers['x-date']], ['authorization', headers.authorization]],
    });
    expect([answer.status, json(answer).message]).toEqual([401, AuthMessages.DATE]);
  });
});

describe('what the signature covers', () => {
  it('a signature over another path does not open this one', async () => {
    const answer = await signed('DELETE', `${appBase()}/databases/${databaseId}`, { signedPath: `${appBase()}/databases/${databaseId}/features/x` });
    expect([answer.status, json(answer).message]).toEqual([401, AuthMessages.MISMATCH]);
  });

  it('a signature without the query does not cover a query', async () => {
    const path = `${appBase()}/databases/${databaseId}/features`;
    const answer = await signed('GET', `${path}?offset=0&limit=1000`, { signedPath: path });
    expect([answer.status, json(answer).message]).toEqual([401, AuthMessages.MISMATCH]);
  });

  it('a signature over GET does not cover DELETE', async () => {
    const path = `${appBase()}/databases/${databaseId}`;
    const headers = signRequest(TEST_APP, 'GET', path);
    const answer = await rawRequest(t.api.url, { method: 'DELETE', path, headers: Object.entries(headers) });
    expect([answer.status, json(answer).message]).toEqual([401, AuthMessages.MISMATCH]);
  });

  it('a signature over the decoded path does not cover the encoded one', async () => {
    const path = `${appBase()}/databases/${databaseId}/features/%66oo`;
    const answer = await signed('GET', path, { signedPath: `${appBase()}/databases/${databaseId}/features/foo` });
    expect([answer.status, json(answer).message]).toEqual([401, AuthMessages.MISMATCH]);
  });

  it('two Authorization headers are refused, even when one of them is right', async () => {
    const path = `${appBase()}/databases`;
    const headers = signRequest(TEST_APP, 'GET', path);
    for (const order of [
      [headers.authorization, 'hmac username="x", algorithm="hmac-sha256", headers="x-date request-line", signature="AAAA"'],
      [headers.authorization, headers.authorization],
    ]) {
      const answer = await rawRequest(t.api.url, {
        method: 'GET',
        path,
        headers: [['x-date', headers['x-date']], ...order.map((value): [string, string] => ['authorization', value])],
      });
      expect([answer.status, json(answer).message]).toEqual([401, AuthMessages.MISSING]);
    }
  });

  it('header names are case-insensitive (HTTP), the scheme and parameter names too (Kong)', async () => {
    const path = `${appBase()}/databases`;
    const headers = signRequest(TEST_APP, 'GET', path);
    const answer = await rawRequest(t.api.url, {
      method: 'GET',
      path,
      headers: [['X-DATE', headers['x-date']], ['AUTHORIZATION', headers.authorization.replace(/^hmac/, 'HMAC').replace('username=', 'USERNAME=')]],
    });
    expect(answer.status).toBe(200);
  });

  it('the algorithm and the signed-headers list cannot be changed', async () => {
    const path = `${appBase()}/databases`;
    const headers = signRequest(TEST_APP, 'GET', path);
    for (const authorization of [
      headers.authorization.replace('hmac-sha256', 'hmac-sha1'),
      headers.authorization.replace('x-date request-line', 'x-date'),
      headers.authorization.replace('x-date request-line', 'request-line x-date'),
      headers.authorization.replace(/signature="[^"]*"/, 'signature=""'),
    ]) {
      const answer = await rawRequest(t.api.url, { method: 'GET', path, headers: [['x-date', headers['x-date']], ['authorization', authorization]] });
      expect([answer.status, json(answer).message]).toEqual([401, AuthMessages.INVALID]);
    }
  });
});
