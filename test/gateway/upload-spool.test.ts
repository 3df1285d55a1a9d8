/**
 * Uploads are received into temporary files (src/upstream/spool.ts), not memory, and those files are always
 * removed: after the upstream call, after an upstream error, and when the client aborts mid-upload.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SPOOL_PREFIX } from '../../src/upstream/spool';
import { createDatabase, openMultipart, photoBlob, postJson, postMultipart, samplePhoto } from './support/graphql';
import { startStack, type Stack } from './support/stack';

let stack: Stack;
let databaseId: string;
// a root of this test's own (the default is TMPDIR, shared with every other process on the machine)
const spoolRoot = mkdtempSync(join(tmpdir(), 'spool-root-'));

beforeAll(async () => {
  stack = await startStack({ transport: { spoolDir: spoolRoot } });
  databaseId = await createDatabase(stack.gateway.url, 'spool');
}, 120_000);
afterAll(async () => {
  await stack?.close();
  rmSync(spoolRoot, { recursive: true, force: true });
});
afterEach(() => {
  stack.proxy.setRules([]);
  stack.proxy.setDelay(0);
});

const ADD = `mutation($db: ID!, $features: [NewFeatureInput!]!) {
  addFeatures(databaseId: $db, features: $features) { index ok message }
}`;

const spools = () => readdirSync(spoolRoot).filter((name) => name.startsWith(SPOOL_PREFIX));

/** Polls (10 ms) until `condition` holds; fails after a generous bound rather than hanging. */
async function until(condition: () => boolean, what: string, boundMs = 30_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function addPhotos(count: number) {
  const features = Array.from({ length: count }, () => ({ image: { file: null } }));
  const files = features.map((_, i) => ({ path: `variables.features.${i}.image.file`, content: photoBlob(1 + (i % 6)) }));
  return postMultipart(stack.gateway.url, ADD, { db: databaseId, features }, files);
}

test('files are spooled to 0600 files in a 0700 directory while the call runs, and removed after it', async () => {
  stack.proxy.setDelay(1500); // holds the upstream call, so the spool can be looked at
  const answer = addPhotos(3);
  const expected = [1, 2, 3].map((n) => samplePhoto(n).length).sort();
  const spooledSizes = () =>
    spools().flatMap((dir) => readdirSync(join(spoolRoot, dir)).map((file) => statSync(join(spoolRoot, dir, file)).size)).sort();
  // the three files complete on disk while the upstream call is held (a file is created before it is written)
  await until(() => JSON.stringify(spooledSizes()) === JSON.stringify(expected), 'three completely spooled files');
  const [dir] = spools();
  expect(statSync(join(spoolRoot, dir)).mode & 0o777).toBe(0o700);
  for (const file of readdirSync(join(spoolRoot, dir))) expect(statSync(join(spoolRoot, dir, file)).mode & 0o777).toBe(0o600);
  const { body } = await answer;
  expect(body.errors).toBeUndefined();
  expect(body.data.addFeatures.map((result: { ok: boolean }) => result.ok)).toEqual([true, true, true]);
  expect(spools()).toEqual([]);
}, 60_000);

test('an upstream error removes the spooled files', async () => {
  stack.proxy.setRules([
    { match: (method, path) => method === 'POST' && path.includes('/features'), fault: { kind: 'status', status: 503, body: '{}' } },
  ]);
  const { body } = await addPhotos(2);
  expect(body.errors?.[0].extensions?.code).toMatch(/^UPSTREAM_/);
  expect(spools()).toEqual([]);
}, 60_000);

test('a client aborting mid-upload leaves no spooled file, and the next request succeeds', async () => {
  const boundary = 'spool-abort-boundary';
  const req = openMultipart(stack.gateway.url, boundary);
  req.on('error', () => undefined); // destroyed below on purpose
  const part = (name: string, headers = '') => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${headers}\r\n\r\n`;
  const operations = JSON.stringify({ query: ADD, variables: { db: databaseId, features: [{ image: { file: null } }] } });
  const photo = samplePhoto(1);
  req.write(`${part('operations')}${operations}\r\n${part('map')}{"0":["variables.features.0.image.file"]}\r\n`);
  req.write(part('0', '; filename="photo.jpg"\r\nContent-Type: image/jpeg'));
  req.write(photo.subarray(0, photo.length >> 1));
  await until(() => spools().length === 1, 'the upload being spooled');
  req.destroy();
  await until(() => spools().length === 0, 'the aborted upload’s spool to be removed');
  const { body } = await addPhotos(1);
  expect(body.errors).toBeUndefined();
  expect(spools()).toEqual([]);
}, 60_000);
