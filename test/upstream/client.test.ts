/**
 * The client against a stand-in for the real cloud (a plain HTTP server answering the shapes and failures the
 * contract allows): signing over the exact path sent, request-level failures as typed UpstreamErrors.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaceApiClient } from '../../src/upstream/client';
import { UpstreamError } from '../../src/upstream/errors';
import { StreamedBase64 } from '../../src/upstream/json-stream';
import { computeSignature, parseAuthorization, signingString } from '../../src/upstream/signing';

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

function client(overrides: Partial<{ url: string; headersTimeoutMs: number }> = {}): FaceApiClient {
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
  const page = await c.listFeatures('db 1', 20, 10);
  expect(page).toEqual({ features: [expect.objectContaining({ id: 'f1', databaseId: 'db 1' })], total: 1 });
  expect(seen).toEqual([
    expect.objectContaining({ method: 'GET', url: '/openapi/face/v1/app-1/databases/db%201/features?offset=20&limit=10', signatureValid: true }),
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
  expect(await failure(() => client().listDatabases())).toMatchObject({ kind: 'HTTP', status: 502, message: '<html>Bad Gateway</html>' });
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
