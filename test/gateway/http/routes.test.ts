/**
 * The HTTP layer's extension points over HTTP against a real gateway: extra routes (exact, prefix, with a
 * condition), 404/405 answers, and request hooks seeing each request's route, status and duration.
 */
import { logger } from '../../../src/observability/logger';
import type { RunningGateway } from '../../../src/gateway/server';
import type { RequestFinish, RequestStart } from '../../../src/gateway/http/request-hooks';
import { sendJson } from '../../../src/gateway/http/respond';
import { startOfflineGateway } from '../support/unreachable-upstream';

const seen: Array<{ start: Omit<RequestStart, 'req' | 'res'>; finish?: RequestFinish }> = [];
let gateway: RunningGateway;
let base: string;

beforeAll(async () => {
  gateway = await startOfflineGateway({
    routes: [
      { method: 'GET', path: '/hello', handle: (_req, res, { search }) => sendJson(res, 200, { hello: search }) },
      { method: 'GET', path: '/assets/*', handle: (req, res, { pathname }) => sendJson(res, 200, { asset: pathname }) },
      {
        method: 'GET',
        path: '/graphql',
        when: (req) => (req.headers.accept ?? '').includes('text/html'),
        handle: (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<!doctype html><title>IDE</title>');
        },
      },
      { method: 'GET', path: '/broken', handle: async () => Promise.reject(new Error('a bug with /secret/path')) },
    ],
    requestHooks: [
      ({ req, res, ...start }) => {
        const entry: (typeof seen)[number] = { start };
        seen.push(entry);
        return (finish) => void (entry.finish = finish);
      },
    ],
  });
  base = gateway.url.replace(/\/graphql$/, '');
});
afterAll(() => gateway?.close());

test('an added route answers, with its query string', async () => {
  const answer = await fetch(`${base}/hello?x=1`);
  expect(await answer.json()).toEqual({ hello: '?x=1' });
  expect((await fetch(`${base}/hello`, { method: 'HEAD' })).status).toBe(200);
});

test('a prefix route matches everything below it', async () => {
  expect(await (await fetch(`${base}/assets/app/main.js`)).json()).toEqual({ asset: '/assets/app/main.js' });
  expect((await fetch(`${base}/assetsX`)).status).toBe(404);
});

test('a route with a condition goes first when it holds; GraphQL GET queries still work otherwise', async () => {
  const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
  expect(page.headers.get('content-type')).toBe('text/html');
  expect(await page.text()).toMatch(/IDE/);
  const query = await fetch(`${base}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
    headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
  });
  expect(await query.json()).toEqual({ data: { __typename: 'Query' } });
});

test('unknown paths are 404 and known paths with another method 405 with Allow, as GraphQL-shaped JSON', async () => {
  const missing = await fetch(`${base}/nowhere`);
  expect(missing.status).toBe(404);
  expect(await missing.json()).toEqual({ errors: [{ message: 'Nothing here: GET /nowhere', extensions: { code: 'ROUTE_NOT_FOUND' } }] });
  const wrongMethod = await fetch(`${base}/healthz`, { method: 'POST' });
  expect(wrongMethod.status).toBe(405);
  expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD');
  expect(((await wrongMethod.json()) as any).errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
  // /graphql takes every method to Apollo, which says what it supports
  const put = await fetch(gateway.url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(put.status).toBe(405);
  expect(put.headers.get('allow')).toBe('GET, POST');
});

test('a failing route is masked as INTERNAL_SERVER_ERROR with an error id', async () => {
  const log = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
  try {
    const answer = await fetch(`${base}/broken`);
    expect(answer.status).toBe(500);
    const body = (await answer.json()) as any;
    expect(body.errors[0]).toEqual({ message: expect.stringMatching(/^Internal server error \(error id [\w-]+\)$/), extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String) } });
    expect(JSON.stringify(body)).not.toMatch(/secret/);
    expect(log).toHaveBeenCalledWith({ component: 'gateway', err: expect.any(Error) }, expect.stringContaining(body.errors[0].extensions.errorId));
  } finally {
    log.mockRestore();
  }
});

test('request hooks see the route pattern, the status and a duration, once each request is done', async () => {
  seen.length = 0;
  await (await fetch(`${base}/assets/x.css`)).text();
  await (await fetch(`${base}/nowhere`)).text();
  await (await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })).text();
  // the hook's finish runs on the response's close, which may come just after the client has read the body
  for (let wait = 0; wait < 500 && !seen.every((entry) => entry.finish); wait++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(seen.map(({ start, finish }) => [start.method, start.path, start.route, finish?.status, finish?.completed])).toEqual([
    ['GET', '/assets/x.css', '/assets/*', 200, true],
    ['GET', '/nowhere', null, 404, true],
    ['POST', '/graphql', '/graphql', 200, true],
  ]);
  for (const { finish } of seen) expect(finish!.durationMs).toBeGreaterThanOrEqual(0);
});
