/**
 * SIGTERM gives in-flight requests a grace period (LOCAL_FACE_API_CLOSE_GRACE_MS): the listener closes at once,
 * a request that finishes within the grace is answered, one still running at its end is cut, then the process
 * exits 0. Real process, raw sockets: each request sends half its body before SIGTERM, so it is in flight.
 */
import { connect, type Socket } from 'node:net';
import { signRequest } from '../../src/face-api-contract';
import { printed, runMain, waitFor } from './support/main-process';
import { makeTempDir } from './support/temp-dir';

const GRACE_MS = 3000;
const APP = { appId: 'grace-app', accessKey: 'grace-key', secretKey: 'grace-secret' };

interface HalfSent {
  socket: Socket;
  /** sends the rest of the body */
  finish(): void;
  /** everything the server sent, once the connection is closed, and when it closed */
  closed: Promise<{ answer: string; at: number }>;
}

/** A signed POST /databases whose JSON body is sent only half. */
function halfSentCreate(url: URL, name: string): Promise<HalfSent> {
  const path = `${url.pathname}/${APP.appId}/databases`;
  const body = JSON.stringify({ name, max_size: 10 });
  const half = Math.floor(body.length / 2);
  const headers = signRequest(APP, 'POST', path);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n` +
          `X-Date: ${headers['x-date']}\r\nAuthorization: ${headers.authorization}\r\nContent-Length: ${body.length}\r\n\r\n` +
          body.slice(0, half),
        () => resolve({ socket, finish: () => socket.write(body.slice(half)), closed }),
      );
    });
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('error', () => undefined); // a cut connection may end with a reset: `closed` reports it
    socket.once('error', reject);
    const closed = new Promise<{ answer: string; at: number }>((done) => socket.on('close', () => done({ answer, at: Date.now() })));
  });
}

function refusesConnections(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(true));
  });
}

describe('close with a grace period (SIGTERM)', () => {
  const dir = makeTempDir();
  afterAll(() => dir.remove());

  it('answers a request that finishes within the grace, cuts one that does not, exits 0', async () => {
    const started = runMain({
      DATA_DIR: dir.path,
      LOCAL_FACE_API_PORT: '0',
      LOCAL_FACE_API_CLOSE_GRACE_MS: String(GRACE_MS),
      FACE_APP_ID: APP.appId,
      FACE_ACCESS_KEY: APP.accessKey,
      FACE_SECRET_KEY: APP.secretKey,
    });
    try {
      await waitFor(started, /"api_url":"[^"]+"/, 120_000);
      const url = new URL(printed(started.output(), 'api_url')!);
      const quick = await halfSentCreate(url, 'finishes in time');
      const slow = await halfSentCreate(url, 'never finishes');

      started.child.kill('SIGTERM');
      await waitFor(started, /SIGTERM: draining/);
      const closingSince = Date.now();
      expect(await refusesConnections(url)).toBe(true);

      quick.finish();
      const answered = await quick.closed;
      expect(answered.answer).toMatch(/^HTTP\/1\.1 200 /);
      expect(answered.answer).toMatch(/\r\nconnection: close\r\n/i);
      expect(answered.answer).toContain('"name":"finishes in time"');
      expect(answered.at - closingSince).toBeLessThan(GRACE_MS);

      const cut = await slow.closed;
      expect(cut.answer).toBe('');
      // the grace began before the log line was seen (polled every 100 ms)
      expect(cut.at - closingSince).toBeGreaterThanOrEqual(GRACE_MS - 200);
    } finally {
      started.child.kill('SIGTERM');
    }
    expect(await started.exited).toEqual({ code: 0, signal: null });
  }, 180_000);
});
