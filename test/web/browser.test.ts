/**
 * The browser side in a real Chromium against a real gateway and local Face API: the console through the
 * quickstart on npm-shipped photos, CORS from pages on other origins, and the offline IDE. Screenshots of each
 * step go to test-output/browser/. Skips (with a message) where Chromium is not installed; .ci/run installs it.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { webRoutes } from '../../src/gateway/http/web';
import { startStack, type Stack } from '../gateway/support/stack';
import { buildWeb, findChromium, launchOffline, OUTPUT_DIR } from './support/browser';

const SAMPLES = join(__dirname, '..', '..', 'node_modules', '@vladmandic', 'face-api', 'demo');
const chromiumPath = findChromium();
if (!chromiumPath) console.warn('Browser tests skipped: no Chromium (apt-get install chromium, or set CHROMIUM_PATH)');
const describeWithBrowser = chromiumPath ? describe : describe.skip;

/** A page server on its own origin (another port of 127.0.0.1), serving one HTML page. */
async function pageServer(html: string): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Errors a person would see in the console: page errors, console.error, failed requests. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  return errors;
}

describeWithBrowser('in Chromium', () => {
  let webDir: string;
  let photos: string;
  let stack: Stack;
  let browser: Browser;
  let allowed: { origin: string; server: Server };
  let other: { origin: string; server: Server };
  let base: string;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'web-build-'));
    photos = mkdtempSync(join(tmpdir(), 'console-photos-'));
    for (const n of [1, 2, 3, 4]) copyFileSync(join(SAMPLES, `sample${n}.jpg`), join(photos, `sample${n}.jpg`));
    writeFileSync(join(photos, 'notes.txt'), 'not a photo');
    const corsPage = '<!doctype html><title>another origin</title><p>a page on another origin</p>';
    [allowed, other] = await Promise.all([pageServer(corsPage), pageServer(corsPage)]);
    // the build first: CI has no dist/ (it runs npm ci && npm test)
    await buildWeb(webDir);
    stack = await startStack({ gateway: { corsOrigins: [allowed.origin], routes: webRoutes({ dir: webDir, ide: true }) } });
    base = stack.gateway.url.replace(/\/graphql$/, '');
    browser = await launchOffline(chromiumPath!);
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    allowed?.server.close();
    other?.server.close();
    for (const dir of [webDir, photos]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the console through the quickstart: create, quality, batch add, search, group photo, delete', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    const operations: string[] = [];
    page.on('request', (request) => {
      if (!request.url().endsWith('/graphql')) return;
      // JSON bodies name their operation; multipart bodies carry it in the "operations" part
      const match = /"operationName":"(\w+)"|(?:query|mutation) (\w+)/.exec(request.postData() ?? '');
      operations.push(match?.[1] ?? match?.[2] ?? '?');
    });
    const shot = (name: string) => page.screenshot({ path: join(OUTPUT_DIR, `${name}.png`), fullPage: true });
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Face console' }).waitFor();

    // 1. create a database: it appears in the list and is selected
    await page.getByLabel('Name').fill('foo');
    await page.getByRole('button', { name: 'Create database' }).click();
    const databases = page.getByRole('list', { name: 'databases' });
    await databases.getByText('foo').waitFor();
    await expect(page.getByRole('radio').first().isChecked()).resolves.toBe(true);
    await shot('1-database-created');

    // 2. quality of a photo and of a file that is not one: a box on the face, every measure green or red
    await page.locator('#quality-photos').setInputFiles([join(photos, 'sample2.jpg'), join(photos, 'notes.txt')]);
    const photoCard = page.getByRole('article', { name: 'quality of sample2.jpg' });
    await photoCard.locator('.verdict').waitFor({ timeout: 60_000 });
    await expect(photoCard.getByTestId('face-box').count()).resolves.toBe(1);
    const measures = photoCard.getByRole('list', { name: 'measures' }).getByRole('listitem');
    await expect(measures.count()).resolves.toBe(16);
    const tones = await Promise.all((await measures.all()).map((item) => item.getAttribute('class')));
    expect(tones.every((tone) => tone === 'good' || tone === 'bad')).toBe(true);
    const notAPhoto = page.getByRole('article', { name: 'quality of notes.txt' });
    await notAPhoto.getByText('This is not an image we can read').waitFor({ timeout: 60_000 });
    await shot('2-quality');

    // 3. a folder: progress to the end, each photo's outcome in words
    await page.locator('#add-folder').setInputFiles(photos);
    await page.getByText('5 / 5 photos sent, 4 faces added').waitFor({ timeout: 120_000 });
    await expect(page.getByRole('progressbar', { name: 'photos sent' }).getAttribute('value')).resolves.toBe('5');
    const added = page.getByRole('list', { name: 'added photos' });
    await expect(added.getByText('Added').count()).resolves.toBe(4);
    await expect(added.getByText('This is not an image we can read').count()).resolves.toBe(1);
    await expect(added.getByTestId('face-box').count()).resolves.toBe(4);
    await databases.getByText('4 / 1000 faces').waitFor();
    await shot('3-batch-add');

    // 4. search a probe: its face box and the ranked matches; the probe itself is enrolled, so it ranks first
    await page.locator('#search-probe').setInputFiles(join(photos, 'sample2.jpg'));
    const matches = page.getByRole('list', { name: 'matches' }).getByRole('listitem');
    await matches.first().waitFor({ timeout: 60_000 });
    await expect(matches.first().textContent()).resolves.toMatch(/1\.000.*sample2\.jpg/);
    await expect(page.locator('.search').getByRole('img', { name: 'face: probe' }).count()).resolves.toBe(1);
    await shot('4-search');

    // 5. a group photo: every face boxed and searched (identifyFaces); its enrolled face is named by its photo
    await page.locator('#group-photo').setInputFiles(join(photos, 'sample1.jpg'));
    await page.locator('.group').getByRole('status').waitFor({ timeout: 120_000 });
    const boxes = await page.locator('.group').getByTestId('face-box').count();
    expect(boxes).toBeGreaterThanOrEqual(3);
    const summary = (await page.locator('.group').getByRole('status').textContent()) ?? '';
    const [, found, recognised] = /^(\d+) faces found, (\d+) recognised\.$/.exec(summary) ?? [];
    expect(Number(found)).toBeGreaterThanOrEqual(boxes);
    expect(Number(recognised)).toBeGreaterThanOrEqual(1);
    await expect(page.locator('.group').getByRole('img', { name: /^face: sample1\.jpg 1\.00$/ }).count()).resolves.toBe(1);
    await shot('5-group-photo');

    // 6. delete from the keyboard: the row goes from the cache, without listing the databases again
    const listsBefore = operations.filter((name) => name === 'ConsoleDatabases').length;
    await page.getByRole('button', { name: 'Delete database foo' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Deleted “foo”.' }).waitFor();
    await expect(databases.getByRole('listitem').count()).resolves.toBe(0);
    expect(operations.filter((name) => name === 'ConsoleDatabases').length).toBe(listsBefore);
    expect(operations).toContain('ConsoleDeleteDatabase');
    await shot('6-deleted');
    const listed = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ databases { id } }' }),
    });
    expect(((await listed.json()) as { data: { databases: unknown[] } }).data.databases).toEqual([]);

    expect(errors).toEqual([]);
    await page.close();
  }, 420_000);

  test('CORS: a page on an allowed origin reads the gateway; a page on another origin is blocked', async () => {
    const query = JSON.stringify({ query: '{ databases { id } }' });
    const call = (page: Page) =>
      page.evaluate(
        async ({ url, body }) => {
          try {
            // Authorization and Content-Type make it a preflighted request, as a real app's is
            const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body });
            return { status: response.status, body: await response.text() };
          } catch (error) {
            return { error: String(error) };
          }
        },
        { url: stack.gateway.url, body: query },
      );
    const allowedPage = await browser.newPage();
    await allowedPage.goto(`${allowed.origin}/`);
    const answer = await call(allowedPage);
    expect(answer).toMatchObject({ status: 200 });
    expect(JSON.parse(answer.body!)).toEqual({ data: { databases: [] } });
    await allowedPage.screenshot({ path: join(OUTPUT_DIR, 'cors-allowed.png') });

    const otherPage = await browser.newPage();
    const blockedMessages: string[] = [];
    otherPage.on('console', (message) => blockedMessages.push(message.text()));
    await otherPage.goto(`${other.origin}/`);
    expect(await call(otherPage)).toEqual({ error: 'TypeError: Failed to fetch' });
    expect(blockedMessages.join('\n')).toMatch(/blocked by CORS policy/);
    await Promise.all([allowedPage.close(), otherPage.close()]);
  }, 120_000);

  test('the IDE on GET /graphql loads from the gateway alone, runs a query, and logs no error', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchErrors(page);
    const origins = new Set<string>();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol === 'http:' || url.protocol === 'https:') origins.add(url.origin);
    });
    const response = await page.goto(stack.gateway.url);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    const html = (await response?.text()) ?? '';
    expect(html).not.toMatch(/https?:\/\//);
    // GraphiQL is ready when its editor shows the default query (Monaco loads in workers) and the schema is in
    await page.locator('.graphiql-query-editor').getByText('query Databases').waitFor({ timeout: 90_000 });
    await page.getByRole('button', { name: /Execute query/ }).click();
    await page.locator('.graphiql-response').filter({ hasText: '"databases"' }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(OUTPUT_DIR, 'ide.png') });
    expect([...origins]).toEqual([new URL(stack.gateway.url).origin]);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
