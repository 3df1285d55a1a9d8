/**
 * `src/main.ts` as a real process (issue 9 items 6 and 7): with client auth off the gateway listens on loopback
 * only unless HOST is set, and says so; a DATA_DIR the process cannot write stops start-up with the path and
 * the reason.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, waitFor, type Started } from '../gateway/support/main-process';

async function stop(started: Started): Promise<void> {
  started.child.kill('SIGTERM');
  await started.exited;
}

/** An address of this machine that is not loopback, or undefined (the reachability checks then skip). */
const external = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && !address.internal && address.family === 'IPv4')?.address;

/** Whether a TCP connection to host:port gets an HTTP answer. */
async function answers(host: string, port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://${host}:${port}/healthz`, { signal: AbortSignal.timeout(10000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'gateway-exposure-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** Where the gateway listens: the log line that says so, and who gets an answer (undefined: not checked). */
interface Exposure {
  log: RegExp;
  hostname?: string;
  fromLoopback?: boolean;
  fromOutside: boolean;
}

test.each<[string, Record<string, string>, Exposure]>([
  ['auth off and no HOST: loopback only, and the log says why', {},
    { log: /Listening on 127\.0\.0\.1 only, because client auth is off \(set HOST/, hostname: '127.0.0.1', fromLoopback: true, fromOutside: false }],
  ['auth off with HOST=0.0.0.0: every interface, as asked', { HOST: '0.0.0.0' },
    { log: /Listening on 0\.0\.0\.0 \(HOST\)/, fromLoopback: true, fromOutside: true }],
  ['auth on and no HOST: every interface (clients must authenticate)', { GATEWAY_API_KEYS: 'a-long-test-key:read' },
    { log: /Listening on every interface/, fromOutside: true }],
])('%s', async (_, env, expected) => {
  const started = run({ PORT: '0', LOCAL_FACE_API_PORT: '0', DATA_DIR: dataDir, ...env });
  try {
    const [, url] = await waitFor(started, /GraphQL gateway: (\S+)/, 120000);
    await waitFor(started, expected.log);
    const { hostname, port } = new URL(url);
    if (expected.hostname) expect(hostname).toBe(expected.hostname);
    if (expected.fromLoopback !== undefined) expect(await answers('127.0.0.1', Number(port))).toBe(expected.fromLoopback);
    if (external) expect(await answers(external, Number(port))).toBe(expected.fromOutside);
    else console.warn('no non-loopback IPv4 address on this machine: reachability from outside not checked');
  } finally {
    await stop(started);
  }
}, 240000);

describe('a DATA_DIR this process cannot write', () => {
  // root writes anywhere: run the process as nobody then, so the permission check is real
  const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
  const credentials = { FACE_APP_ID: 'app', FACE_ACCESS_KEY: 'access', FACE_SECRET_KEY: 'secret' };
  // as nobody, the process must still read the checkout (not so in a checkout under a 0700 home directory)
  const readable = !as || spawnSync(process.execPath, ['-e', `require(${JSON.stringify(require.resolve('ts-node'))})`], as).status === 0;
  const testIfReadable = readable ? test.each : test.skip.each;
  if (!readable) console.warn('DATA_DIR permission tests skipped: uid 65534 cannot read this checkout, and root may write anywhere');

  function readOnlyDir(): string {
    chmodSync(dataDir, 0o755);
    const dir = join(dataDir, 'read-only');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    return dir;
  }

  testIfReadable([
    ['with development credentials to create', {}],
    ['with credentials given (the database itself cannot be created)', credentials],
  ])('%s: exit 1 with the path and the reason, no stack', async (_, env) => {
    const dir = readOnlyDir();
    const started = run({ PORT: '0', LOCAL_FACE_API_PORT: '0', DATA_DIR: dir, ...env }, as);
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain(`DATA_DIR ${dir} is not usable: this process (uid ${as?.uid ?? process.getuid?.()}) has no write permission there`);
    expect(started.output()).not.toMatch(/unable to open database file|"stack"|\n\s+at /);
  }, 120000);
});
