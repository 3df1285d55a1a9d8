/** The web routes on a real gateway: pages with their CSP, hashed assets, the IDE only while introspection is on. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webRoutes } from '../../../src/gateway/http/web';
import type { RunningGateway } from '../../../src/gateway/server';
import { startOfflineGateway } from '../support/unreachable-upstream';

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
let dir: string;
const gateways: RunningGateway[] = [];

beforeAll(() => {
  // a stand-in for dist/web: these tests are about routing and headers, the browser test builds the real pages
  dir = mkdtempSync(join(tmpdir(), 'web-pages-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'ide.html'), '<!doctype html><title>ide</title>');
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
});
afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function gateway(options: { ide: boolean; introspection: boolean; dir?: string }): Promise<string> {
  const started = await startOfflineGateway({ introspection: options.introspection, routes: webRoutes({ dir: options.dir ?? dir, ide: options.ide }) });
  gateways.push(started);
  return started.url.replace(/\/graphql$/, '');
}

test('GET / is the console page with a same-origin-only CSP; assets are cached for good; a missing asset is 404', async () => {
  const base = await gateway({ ide: true, introspection: true });
  const page = await fetch(`${base}/`, { headers: HTML });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<title>console</title>');
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*connect-src 'self'/);
  expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  const asset = await fetch(`${base}/assets/app-abc123.js`);
  expect(asset.status).toBe(200);
  expect(asset.headers.get('content-type')).toMatch(/javascript/);
  expect(asset.headers.get('cache-control')).toMatch(/immutable/);
  const missing = await fetch(`${base}/assets/nope.js`);
  expect(missing.status).toBe(404);
  expect(((await missing.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('ROUTE_NOT_FOUND');
  const traversal = await fetch(`${base}/assets/..%2f..%2f..%2fetc%2fpasswd`);
  expect(traversal.status).toBe(404);
});

test('GET /graphql: the IDE for browsers, GraphQL for API clients', async () => {
  const base = await gateway({ ide: true, introspection: true });
  const ide = await fetch(`${base}/graphql`, { headers: HTML });
  expect(ide.status).toBe(200);
  expect(await ide.text()).toContain('<title>ide</title>');
  // a GET query needs the CSRF header too (Apollo's CSRF prevention: a GET is otherwise a "simple" request)
  const url = `${base}/graphql?query=${encodeURIComponent('{ __typename }')}`;
  const withoutHeader = await fetch(url, { headers: { accept: 'application/json' } });
  expect(withoutHeader.status).toBe(400);
  const query = await fetch(url, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
  expect(await query.json()).toEqual({ data: { __typename: 'Query' } });
});

test('with introspection off there is no IDE, and never Apollo’s CDN landing page', async () => {
  const base = await gateway({ ide: false, introspection: false });
  const answer = await fetch(`${base}/graphql`, { headers: HTML });
  const text = await answer.text();
  expect(answer.status).toBe(400);
  expect(answer.headers.get('content-type')).toMatch(/json/);
  expect(text).not.toMatch(/<html|apollographql|embeddable/i);
});

test('pages that are not built answer 404 with what to run', async () => {
  const base = await gateway({ ide: true, introspection: true, dir: join(dir, 'absent') });
  const answer = await fetch(`${base}/`, { headers: HTML });
  expect(answer.status).toBe(404);
  expect(await answer.text()).toContain('npm run build');
});
