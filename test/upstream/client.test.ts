/**
 * The client against a stand-in for the real cloud (a plain HTTP server answering the shapes and failures the
 * contract allows): signing over the exact path sent, request-level failures as typed UpstreamErrors.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResilienceConfig } from '../../src/upstream/settings';
import { FaceApiClient } from '../../src/upstream/client';
import { UpstreamError } from '../../src/upstream/errors';
import { StreamedBase64 } from '../../src/upstream/json-stream';
import { computeSignature, parseAuthorization, signingString } from '../../src/face-api-contract';

const CREDENTIALS = { appId: 'app-1', accessKey: 'ak', secretKey: 'sk' };

interface Seen {
  method: string;
  url: string;
  signatureValid: boolean;
  body: string;
}

let server: Server;
let origin: string;
let answer: (req: IncomingMessage, res: ServerResponse) => void;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const auth = parseAuthorization(req.headers.authorization);
      const expected = computeSignature(CREDENTIALS.secretKey, signingString(String(req.headers['x-date']), req.method!, req.url!));
      seen.push({ method: req.method!, url: req.url!, signatureValid: auth?.signature === expected && auth.username === 'ak', body: Buffer.concat(chunks).toString() });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
});

function client(overrides: Partial<{ url: string; headersTimeoutMs: number; resilience: Partial<ResilienceConfig> }> = {}): FaceApiClient {
  return new FaceApiClient({
    url: `${origin}/openapi/face/v1`,
    ...CREDENTIALS,
    connectTimeoutMs: 1000,
    headersTimeoutMs: 1000,
    bodyTimeoutMs: 1000,
    connections: 2,
    ...overrides,
  });
}

function json(status: number, body: unknown) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
}

async function failure(call: () => Promise<unknown>): Promise<UpstreamError> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamError);
    return error as UpstreamError;
  }
  throw new Error('expected a failure');
}

test('signs the full path including /openapi/face/v1, the app id and the query string', async () => {
  answer = json(200, { features: [{ feature_id: 'f1' }], total: 1 });
  const c = client();
  const page = await c.listFeatures('db-1', 20, 10);
  expect(page).toEqual({ features: [expect.objectContaining({ id: 'f1', databaseId: 'db-1' })], total: 1 });
  expect(seen).toEqual([
    expect.objectContaining({ method: 'GET', url: '/openapi/face/v1/app-1/databases/db-1/features?offset=20&limit=10', signatureValid: true }),
  ]);
  await c.close();
});

test('streams uploaded bytes into the JSON body as base64', async () => {
  answer = json(200, { results: [{ code: 0 }], features: [{ feature_id: 'f9' }] });
  const bytes = Buffer.from('not really a jpeg, but bytes');
  async function* source() {
    yield bytes.subarray(0, 5);
    yield bytes.subarray(5);
  }
  const c = client();
  const added = await c.addFeatures('d', [{ image: { data: new StreamedBase64(source, 100, 'img') }, extraInfo: 'x' }]);
  expect(added.features[0]?.id).toBe('f9');
  expect(JSON.parse(seen[0].body)).toEqual({ images: [{ image: { data: bytes.toString('base64') }, extra_info: 'x' }] });
  expect(seen[0].signatureValid).toBe(true);
  await c.close();
});

test('a Kong 401 without a code keeps status and message', async () => {
  answer = json(401, { message: 'HMAC signature does not match' });
  const error = await failure(() => client().listDatabases());
  expect(error).toMatchObject({ kind: 'HTTP', status: 401, upstreamCode: undefined, message: 'HMAC signature does not match' });
});

test('a Mercury error body gives code, message and trace id', async () => {
  answer = json(404, { code: 5, message: 'database not found', trace_id: 'abc' });
  const error = await failure(() => client().deleteDatabase('missing'));
  expect(error).toMatchObject({ kind: 'HTTP', status: 404, upstreamCode: 5, traceId: 'abc', message: 'database not found' });
});

test('a non-JSON error page keeps the status; a non-JSON 200 is BAD_RESPONSE', async () => {
  answer = (_req, res) => {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end('<html>Bad Gateway</html>');
  };
  expect(await failure(() => client().listDatabases())).toMatchObject({ kind: 'HTTP', status: 502, message: 'Face API answered HTTP 502 with a non-JSON body' });
  answer = (_req, res) => res.end('{"databases": [');
  expect(await failure(() => client().listDatabases())).toMatchObject({ kind: 'BAD_RESPONSE', status: 200 });
});

test('no answer in time is TIMEOUT; a reset or a closed port is UNAVAILABLE', async () => {
  answer = () => undefined; // never answers
  expect(await failure(() => client({ headersTimeoutMs: 200 }).listDatabases())).toMatchObject({ kind: 'TIMEOUT' });
  answer = (req) => req.socket.destroy();
  expect(await failure(() => client().listDatabases())).toMatchObject({ kind: 'UNAVAILABLE' });
  expect(await failure(() => client({ url: 'http://127.0.0.1:9/openapi/face/v1' }).listDatabases())).toMatchObject({ kind: 'UNAVAILABLE' });
});

describe('resilience', () => {
  const unwell = (failures: number) => {
    let seenCalls = 0;
    return (req: IncomingMessage, res: ServerResponse) => {
      seenCalls += 1;
      if (seenCalls <= failures) json(503, { code: 14, message: 'busy' })(req, res);
      else json(200, { databases: ['d1'] })(req, res);
    };
  };

  test('an idempotent read is retried after 5xx, each attempt freshly signed', async () => {
    answer = unwell(2);
    const c = client({ resilience: { retries: 2, retryBaseDelayMs: 5 } });
    expect((await c.listDatabases()).map((db) => db.id)).toEqual(['d1']);
    expect(seen).toHaveLength(3);
    expect(seen.every((call) => call.signatureValid)).toBe(true);
    await c.close();
  });

  test('a write is never retried', async () => {
    answer = unwell(1);
    const c = client({ resilience: { retries: 2, retryBaseDelayMs: 5 } });
    expect(await failure(() => c.createDatabase({ name: 'x', maxSize: 1 }))).toMatchObject({ kind: 'HTTP', status: 503 });
    expect(seen).toHaveLength(1);
    await c.close();
  });

  test('the circuit opens after consecutive failures, fails fast, and closes after a good trial', async () => {
    answer = unwell(2);
    const c = client({ resilience: { retries: 0, breakerFailures: 2, breakerOpenMs: 300 } });
    await failure(() => c.listDatabases());
    await failure(() => c.listDatabases());
    const fast = await failure(() => c.listDatabases());
    expect(fast).toMatchObject({ kind: 'UNAVAILABLE', message: expect.stringMatching(/circuit is open/) });
    expect(seen).toHaveLength(2); // the third call never reached the upstream
    await new Promise((wait) => setTimeout(wait, 350));
    expect((await c.listDatabases()).map((db) => db.id)).toEqual(['d1']);
    expect((await c.listDatabases()).map((db) => db.id)).toEqual(['d1']);
    await c.close();
  });

  test('a 404 does not count against the upstream', async () => {
    answer = json(404, { code: 5, message: 'database not found' });
    const c = client({ resilience: { retries: 0, breakerFailures: 1 } });
    await failure(() => c.deleteDatabase('x'));
    expect(await failure(() => c.deleteDatabase('x'))).toMatchObject({ kind: 'HTTP', status: 404 });
    expect(seen).toHaveLength(2);
    await c.close();
  });

  test('beyond the in-flight cap and its queue, calls are refused at once as OVERLOADED', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    answer = (req, res) => void held.then(() => json(200, { databases: [] })(req, res));
    const c = client({ resilience: { maxInFlight: 1, maxQueued: 1, retries: 0 } });
    const first = c.listDatabases();
    const queued = c.listDatabases();
    expect(await failure(() => c.listDatabases())).toMatchObject({ kind: 'OVERLOADED' });
    release();
    await expect(first).resolves.toEqual([]);
    await expect(queued).resolves.toEqual([]);
    await c.close();
  });
});
