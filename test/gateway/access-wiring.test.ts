/**
 * Client authentication, scopes and operation limits as wired into the gateway, over HTTP. The upstream is
 * unreachable on purpose: a call that passes auth ends in UPSTREAM_UNAVAILABLE, one that does not never gets there.
 */
import { parseApiKeys } from '../../src/gateway/access/api-keys';
import { startGateway, type RunningGateway } from '../../src/gateway/server';
import { loadConfig } from '../../src/config';
import { BLANK_PNG_BASE64, bearer, postJson } from './support/graphql';
import { UNREACHABLE_UPSTREAM } from './support/unreachable-upstream';

const KEYS = 'reader-key-1:read,writer-key-2:read+write,admin-key-3:read+write+admin';
let gateway: RunningGateway;
let closed: RunningGateway;

const upstream = { ...UNREACHABLE_UPSTREAM, resilience: { retries: 0, breakerFailures: 1000 } };
const uploads = { maxFiles: 4, maxJsonBodyBytes: 1024 * 1024 };

beforeAll(async () => {
  gateway = await startGateway({ port: 0, host: '127.0.0.1', upstream, uploads, access: { enabled: true, apiKeys: parseApiKeys(KEYS), jwt: null } });
  closed = await startGateway({ port: 0, host: '127.0.0.1', upstream, uploads, introspection: false });
});
afterAll(async () => {
  await gateway?.close();
  await closed?.close();
});

type Answer = { status: number; body: { data?: any; errors?: Array<{ message: string; extensions?: any }> } };
const call = (url: string, query: string, variables: Record<string, unknown> = {}, key?: string): Promise<Answer> => postJson(url, query, variables, bearer(key));

const LIST = '{ databases { id } }';
const CREATE = 'mutation { createDatabase(name: "x", maxSize: 1) { id } }';
const ADD = `mutation($image: String!) { addFeatures(databaseId: "d", features: [{ image: { base64: $image } }]) { code } }`;

test('no key or a wrong key: 401 UNAUTHENTICATED before anything is parsed or sent', async () => {
  for (const key of [undefined, 'not-a-key-at-all']) {
    const answer = await call(gateway.url, LIST, {}, key);
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  }
});

test('scopes: read lists, write adds, admin creates; a missing scope is FORBIDDEN', async () => {
  const passed = (answer: Awaited<ReturnType<typeof call>>) => answer.body.errors?.[0].extensions.code === 'UPSTREAM_UNAVAILABLE';
  const forbidden = (answer: Awaited<ReturnType<typeof call>>) => answer.body.errors?.[0].extensions.code === 'FORBIDDEN';

  expect(passed(await call(gateway.url, LIST, {}, 'reader-key-1'))).toBe(true);
  expect(forbidden(await call(gateway.url, ADD, { image: BLANK_PNG_BASE64 }, 'reader-key-1'))).toBe(true);
  expect(forbidden(await call(gateway.url, CREATE, {}, 'reader-key-1'))).toBe(true);

  expect(passed(await call(gateway.url, ADD, { image: BLANK_PNG_BASE64 }, 'writer-key-2'))).toBe(true);
  expect(forbidden(await call(gateway.url, CREATE, {}, 'writer-key-2'))).toBe(true);

  expect(passed(await call(gateway.url, CREATE, {}, 'admin-key-3'))).toBe(true);
  const message = (await call(gateway.url, CREATE, {}, 'writer-key-2')).body.errors?.[0].message;
  expect(message).toBe('"Mutation.createDatabase" needs the admin scope');
});

test('depth and alias bombs are refused during validation', async () => {
  const deep = `{ databases { features { features { database { features { features { database { features { features { database { features { features { id } } } } } } } } } } } } }`;
  const depth = await call(gateway.url, deep, {}, 'reader-key-1');
  expect(depth.status).toBe(400);
  expect(depth.body.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  const aliases = `{ ${Array.from({ length: 50 }, (_, i) => `a${i}: databases { id }`).join(' ')} }`;
  const aliased = await call(gateway.url, aliases, {}, 'reader-key-1');
  expect(aliased.status).toBe(400);
  expect(aliased.body.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
});

test('introspection can be switched off', async () => {
  const answer = await call(closed.url, '{ __schema { types { name } } }');
  expect(answer.body.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(answer.body.errors?.[0].message).toMatch(/introspection/i);
});

describe('configuration', () => {
  const remote = { FACE_API_URL: 'https://face.example/openapi/face/v1', FACE_APP_ID: 'a', FACE_ACCESS_KEY: 'k', FACE_SECRET_KEY: 's' };

  test('a real upstream without client credentials is refused unless GATEWAY_AUTH=off', () => {
    expect(loadConfig(remote).accessRefusal).toMatch(/With FACE_API_URL set, clients must authenticate/);
    const off = loadConfig({ ...remote, GATEWAY_AUTH: 'off' });
    expect(off.accessRefusal).toBeUndefined();
    expect(off.access.enabled).toBe(false);
    const keyed = loadConfig({ ...remote, GATEWAY_API_KEYS: KEYS });
    expect(keyed.accessRefusal).toBeUndefined();
    expect(keyed.access.apiKeys).toHaveLength(3);
  });

  test('bad auth settings are configuration errors that do not echo keys', () => {
    expect(() => loadConfig({ ...remote, GATEWAY_API_KEYS: 'secretkey99:delete' })).toThrow(/unknown scope "delete"/);
    try {
      loadConfig({ ...remote, GATEWAY_API_KEYS: 'secretkey99:delete' });
    } catch (error) {
      expect((error as Error).message).not.toContain('secretkey99');
    }
    expect(() => loadConfig({ ...remote, GATEWAY_AUTH: 'maybe' })).toThrow(/GATEWAY_AUTH must be on or off/);
    expect(() => loadConfig({ ...remote, GRAPHQL_INTROSPECTION: 'perhaps' })).toThrow(/GRAPHQL_INTROSPECTION must be on or off/);
  });
});
