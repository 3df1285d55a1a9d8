/**
 * CORS over HTTP against a real gateway (auth on, upstream unreachable on purpose: nothing here needs it).
 * Preflights are answered before auth and CSRF; only listed origins get Access-Control-Allow-Origin.
 * A real browser on another origin is the browser tests' part; here the headers a browser checks.
 */
import { loadConfig } from '../../../src/config';
import { ConfigError } from '../../../src/settings';
import { parseApiKeys } from '../../../src/gateway/access/api-keys';
import type { RunningGateway } from '../../../src/gateway/server';
import type { CorsOrigins } from '../../../src/gateway/http/cors';
import { startOfflineGateway } from '../support/unreachable-upstream';

const APP = 'http://localhost:5173';
const KEY = 'cors-test-key';
const access = { enabled: true, apiKeys: parseApiKeys(`${KEY}:read`), jwt: null };
const gateways: RunningGateway[] = [];

async function gateway(corsOrigins?: CorsOrigins, auth = true): Promise<RunningGateway> {
  const started = await startOfflineGateway({ ...(auth ? { access } : {}), corsOrigins });
  gateways.push(started);
  return started;
}
afterAll(() => Promise.all(gateways.map((running) => running.close())));

function preflight(url: string, origin: string, method = 'POST') {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'authorization,content-type,apollo-require-preflight,traceparent',
    },
  });
}

function query(url: string, origin: string, key?: string) {
  return fetch(url, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
}

describe('with CORS_ORIGINS listing an app', () => {
  let url: string;
  beforeAll(async () => void (url = (await gateway([APP])).url));

  test('a preflight from the app is answered 204 before auth and CSRF, with the headers a browser needs', async () => {
    const answer = await preflight(url, APP);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP);
    expect(answer.headers.get('access-control-allow-methods')?.split(',')).toEqual(expect.arrayContaining(['GET', 'POST']));
    const allowed = answer.headers.get('access-control-allow-headers')?.toLowerCase().split(',');
    expect(allowed).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name', 'traceparent', 'tracestate']),
    );
    expect(answer.headers.get('access-control-max-age')).toBe('600');
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    expect(answer.headers.get('vary')).toMatch(/Origin/);
  });

  test('the answer to the app carries Access-Control-Allow-Origin, a 401 too (so the page can read why)', async () => {
    const ok = await query(url, APP, KEY);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP);
    expect(await ok.json()).toEqual({ data: { __typename: 'Query' } });
    const refused = await query(url, APP);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(APP);
  });

  test('another origin gets no Access-Control-Allow-Origin, on the preflight or the answer', async () => {
    const answer = await preflight(url, 'http://evil.example');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    const post = await query(url, 'http://evil.example', KEY);
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
    // the same host on another port is another origin
    expect((await preflight(url, 'http://localhost:5174')).headers.get('access-control-allow-origin')).toBeNull();
  });

  test('health routes answer with CORS too', async () => {
    const health = await fetch(url.replace('/graphql', '/healthz'), { headers: { origin: APP } });
    expect(health.headers.get('access-control-allow-origin')).toBe(APP);
  });
});

test('default: no cross-origin access; an OPTIONS request is still 204, not a CSRF error', async () => {
  const { url } = await gateway();
  const answer = await preflight(url, APP);
  expect(answer.status).toBe(204);
  expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  const post = await query(url, APP, KEY);
  expect(post.status).toBe(200);
  expect(post.headers.get('access-control-allow-origin')).toBeNull();
});

test('"*" without client auth lets any origin in', async () => {
  const { url } = await gateway('*', false);
  expect((await preflight(url, 'http://anywhere.example')).headers.get('access-control-allow-origin')).toBe('*');
  expect((await query(url, 'http://anywhere.example')).headers.get('access-control-allow-origin')).toBe('*');
});

describe('CORS_ORIGINS in the configuration', () => {
  const withKeys = { GATEWAY_API_KEYS: `${KEY}:read` };
  const problem = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    return undefined;
  };

  test('exact origins, normalised as browsers send them; unset means none', () => {
    expect(loadConfig({ ...withKeys, CORS_ORIGINS: 'http://localhost:5173, https://App.Example.com:443/' }).corsOrigins).toEqual([
      'http://localhost:5173',
      'https://app.example.com',
    ]);
    expect(loadConfig(withKeys).corsOrigins).toEqual([]);
  });

  test('"*" is refused at start-up while client auth is on, and accepted without it', () => {
    expect(problem({ ...withKeys, CORS_ORIGINS: '*' })).toMatch(/CORS_ORIGINS="\*" is refused while client auth is on/);
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toBe('*');
    expect(problem({ CORS_ORIGINS: '*, http://a.example' })).toMatch(/cannot be combined/);
  });

  test.each(['localhost:5173', 'http://a.example/app', 'http://a.example?x=1', 'file:///tmp/x', 'https://user@a.example'])(
    '%s is not an origin',
    (entry) => {
      expect(problem({ ...withKeys, CORS_ORIGINS: entry })).toMatch(/is not an origin such as https:\/\/app\.example\.com/);
    },
  );
});
