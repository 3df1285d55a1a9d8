/** Static assets through the route table, over HTTP: index, files under a prefix, missing files, no escape from the folder. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningGateway } from '../../../src/gateway/server';
import { staticFiles } from '../../../src/gateway/http/static-files';
import { startOfflineGateway } from '../support/unreachable-upstream';

const dir = mkdtempSync(join(tmpdir(), 'static-files-'));
let gateway: RunningGateway;
let base: string;

beforeAll(async () => {
  mkdirSync(join(dir, 'web', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'web', 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'web', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'web', 'assets', '.env'), 'SECRET=1');
  writeFileSync(join(dir, 'outside.txt'), 'not served');
  const web = join(dir, 'web');
  gateway = await startOfflineGateway({
    routes: [staticFiles('/', web), staticFiles('/assets/*', join(web, 'assets'), { maxAgeS: 31536000, immutable: true })],
  });
  base = gateway.url.replace(/\/graphql$/, '');
});
afterAll(async () => {
  await gateway?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw GET, so paths like /assets/../x are sent as written (fetch would normalise them). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(base);
    request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

test('GET / is the folder\'s index.html, with validators', async () => {
  const page = await fetch(`${base}/`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(await page.text()).toMatch(/console/);
  const etag = page.headers.get('etag')!;
  // (fetch would add "cache-control: no-cache" to a conditional request)
  expect((await rawGet('/', { 'if-none-match': etag })).status).toBe(304);
});

test('files under a prefix, with their content type and the cache policy asked for', async () => {
  const script = await fetch(`${base}/assets/app.js`);
  expect(script.status).toBe(200);
  expect(script.headers.get('content-type')).toMatch(/javascript/);
  expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(await script.text()).toBe('console.log(1)');
  expect((await fetch(`${base}/assets/app.js`, { method: 'HEAD' })).status).toBe(200);
});

test('a missing file, a dotfile and a path out of the folder are 404 JSON, the file outside never served', async () => {
  for (const path of ['/assets/missing.js', '/assets/.env', '/assets/../../outside.txt', '/assets/%2e%2e/%2e%2e/outside.txt']) {
    const answer = await rawGet(path);
    expect({ path, status: answer.status }).toEqual({ path, status: 404 });
    expect(answer.body).not.toMatch(/not served|SECRET/);
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('ROUTE_NOT_FOUND');
  }
});

test('GraphQL is still served beside the assets', async () => {
  const answer = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
  expect(await answer.json()).toEqual({ data: { __typename: 'Query' } });
});
