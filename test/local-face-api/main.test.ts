import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { FaceApiClient } from './support/api';
import { makeTempDir } from './support/temp-dir';

/** `npm run face-api`'s entry point as a real process: env, printed credentials, health, signals, bad env. */

const MAIN = join(__dirname, '..', '..', 'src', 'local-face-api', 'main.ts');

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', MAIN], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

async function waitFor(started: Started, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = started.output().match(pattern);
    if (match) return match;
    if (started.child.exitCode !== null || Date.now() > deadline) throw new Error(`no ${pattern} in: ${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const printed = (output: string, name: string) => output.match(new RegExp(`${name} = "([^"]+)"`))?.[1];

describe('npm run face-api entry point', () => {
  const dir = makeTempDir();
  afterAll(() => dir.remove());

  it('prints generated credentials that work, answers /healthz, exits 0 on SIGTERM, keeps the credentials on restart', async () => {
    const env = { DATA_DIR: dir.path, LOCAL_FACE_API_PORT: '0' };
    const first = run(env);
    try {
      await waitFor(first, /secret_key = ".+"/);
      const url = printed(first.output(), 'api_url')!;
      const appId = printed(first.output(), 'app_id')!;
      const health = await fetch(url.replace('/openapi/face/v1', '/healthz'));
      expect(health.status).toBe(200);
      const client = new FaceApiClient(url, appId);
      const credentials = { accessKey: printed(first.output(), 'access_key')!, secretKey: printed(first.output(), 'secret_key')! };
      expect((await client.call('GET', 'databases', undefined, { credentials })).status).toBe(200);
    } finally {
      first.child.kill('SIGTERM');
    }
    expect(await first.exited).toEqual({ code: 0, signal: null });

    const second = run(env);
    try {
      await waitFor(second, /secret_key = ".+"/);
      expect(printed(second.output(), 'app_id')).toBe(printed(first.output(), 'app_id'));
      expect(printed(second.output(), 'secret_key')).toBe(printed(first.output(), 'secret_key'));
    } finally {
      second.child.kill('SIGINT');
    }
    expect((await second.exited).code).toBe(0);
  });

  it.each([
    [{ LOCAL_FACE_API_PORT: 'http' }, /invalid configuration: LOCAL_FACE_API_PORT/],
    [{ FACE_SECRET_KEY: 'only-one' }, /invalid configuration: set all of FACE_APP_ID/],
  ])('exits 1 with a clear message for %j', async (env, message) => {
    const started = run({ DATA_DIR: dir.path, ...env });
    expect((await started.exited).code).toBe(1);
    expect(started.output()).toMatch(message);
  });
});
