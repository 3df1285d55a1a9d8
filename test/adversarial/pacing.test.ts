/**
 * Issue 9 item 3 and the pacing side of the adversarial suite: a slow client costs only its own request.
 * Clients that send their file at 1 byte / 100 ms (past the real local Face API's 5 s keep-alive timeout),
 * slow headers, and an upload aborted halfway hold no upstream slot or connection and never count as upstream
 * failures: meanwhile another client's query succeeds, /readyz stays 200, and each slow client gets its own
 * normal answer once its file is complete.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { openMultipart, postJson, samplePhoto } from '../gateway/support/graphql';
import { startStack, type Stack } from '../gateway/support/stack';

const SLOW_CLIENTS = 6;
const MAX_IN_FLIGHT = 4;
const DRIP_MS = 100;
/** bytes dripped before the rest is sent: 60 × 100 ms = 6 s, past the upstream's 5 s keep-alive timeout */
const DRIPPED = 60;
const BOUNDARY = 'slow-client-boundary';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    transport: { resilience: { maxInFlight: MAX_IN_FLIGHT, breakerFailures: 3, retries: 0 } },
  });
}, 120_000);
afterAll(() => stack?.close());

/** A multipart detectFaces whose file part is written by the caller, byte by byte if it likes. */
function multipartDetect(): { req: ClientRequest; answer: Promise<{ status: number; body: any }>; file: Buffer } {
  const req = openMultipart(stack.gateway.url, BOUNDARY);
  const operations = JSON.stringify({
    query: 'mutation($i: [ImageInput!]!) { detectFaces(images: $i) { index result { ok } faces { score } } }',
    variables: { i: [{ file: null }] },
  });
  const part = (name: string, headers = '') => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${headers}\r\n\r\n`;
  req.write(`${part('operations')}${operations}\r\n${part('map')}{"0":["variables.i.0.file"]}\r\n`);
  req.write(part('0', '; filename="photo.jpg"\r\nContent-Type: image/jpeg'));
  const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.on('response', (res: IncomingMessage) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
  });
  return { req, answer, file: samplePhoto(1) };
}

const finish = (client: ReturnType<typeof multipartDetect>, from: number) => client.req.end(Buffer.concat([client.file.subarray(from), Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]));

async function readyz(): Promise<number> {
  return (await fetch(new URL('/readyz', stack.gateway.url))).status;
}

async function normalQuerySucceeds(): Promise<void> {
  const answer = await postJson(stack.gateway.url, '{ databases { id } }');
  expect(answer.body.errors).toBeUndefined();
}

test(`${SLOW_CLIENTS} clients uploading at 1 byte / ${DRIP_MS} ms cost only their own requests`, async () => {
  await normalQuerySucceeds(); // the gateway holds keep-alive connections to the upstream from here on
  const clients = Array.from({ length: SLOW_CLIENTS }, multipartDetect);
  for (let i = 0; i < DRIPPED; i++) {
    for (const client of clients) client.req.write(client.file.subarray(i, i + 1));
    await pause(DRIP_MS);
  }
  // every slow client is still sending: nothing of theirs may hold what others need
  await normalQuerySucceeds();
  expect(await readyz()).toBe(200);
  const started = postJson(stack.gateway.url, '{ databases { id } }');
  expect((await started).body.errors).toBeUndefined();

  for (const client of clients) finish(client, DRIPPED);
  for (const client of clients) {
    const { status, body } = await client.answer;
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.detectFaces[0].result.ok).toBe(true);
  }
  expect(await readyz()).toBe(200);
}, 120_000);

test('uploads aborted halfway are not upstream failures: the breaker stays closed', async () => {
  const clients = Array.from({ length: SLOW_CLIENTS }, multipartDetect);
  for (const client of clients) {
    client.answer.catch(() => undefined);
    client.req.write(client.file.subarray(0, 1000));
  }
  await pause(DRIP_MS);
  for (const client of clients) client.req.destroy();
  await pause(2100); // a fresh readiness probe (the gateway caches one for 2 s)
  expect(await readyz()).toBe(200);
  await normalQuerySucceeds();
});

test('slow request headers hold only their own socket', async () => {
  const url = new URL(stack.gateway.url);
  const socket = connect(Number(url.port), url.hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  const head = `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n`;
  for (const byte of head.slice(0, 30)) {
    socket.write(byte);
    await pause(20);
  }
  await normalQuerySucceeds();
  expect(await readyz()).toBe(200);
  socket.destroy();
});

test("clients' unusable uploads (empty files) are their own errors, never upstream failures", async () => {
  for (let i = 0; i < 5; i++) {
    const client = multipartDetect();
    client.file = Buffer.alloc(0);
    finish(client, 0);
    const { body } = await client.answer;
    expect(body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  }
  await pause(2100); // a fresh readiness probe
  expect(await readyz()).toBe(200);
  await normalQuerySucceeds();
});
