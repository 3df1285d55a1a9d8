import { FaceApiClient } from './support/api';
import { printed, printedSecret, runMain, waitFor } from './support/main-process';
import { makeTempDir } from './support/temp-dir';

/** `npm run face-api`'s entry point as a real process: env, printed credentials, health, signals, bad env. */

describe('npm run face-api entry point', () => {
  const dir = makeTempDir();
  afterAll(() => dir.remove());


  it('logs where its generated credentials are, they work, answers /healthz, exits 0 on SIGTERM, keeps them on restart', async () => {
    const env = { DATA_DIR: dir.path, LOCAL_FACE_API_PORT: '0' };
    const first = runMain(env);
    try {
      await waitFor(first, /"secret_key_in":".+"/, 120_000);
      const url = printed(first.output(), 'api_url')!;
      const appId = printed(first.output(), 'app_id')!;
      const health = await fetch(url.replace('/openapi/face/v1', '/healthz'));
      expect(health.status).toBe(200);
      const client = new FaceApiClient(url, appId);
      const credentials = { accessKey: printed(first.output(), 'access_key')!, secretKey: printedSecret(first.output()) };
      expect(first.output()).not.toContain(credentials.secretKey);
      expect((await client.call('GET', 'databases', undefined, { credentials })).status).toBe(200);
    } finally {
      first.child.kill('SIGTERM');
    }
    expect(await first.exited).toEqual({ code: 0, signal: null });

    const second = runMain(env);
    try {
      await waitFor(second, /"secret_key_in":".+"/, 120_000);
      expect(printed(second.output(), 'app_id')).toBe(printed(first.output(), 'app_id'));
      expect(printedSecret(second.output())).toBe(printedSecret(first.output()));
    } finally {
      second.child.kill('SIGINT');
    }
    expect((await second.exited).code).toBe(0);
  }, 180_000); // two engine loads in child processes

  it.each([
    [{ LOCAL_FACE_API_PORT: 'http' }, /invalid configuration: LOCAL_FACE_API_PORT/],
    [{ FACE_SECRET_KEY: 'only-one' }, /invalid configuration: set all of FACE_APP_ID/],
  ])('exits 1 with a clear message for %j', async (env, message) => {
    const started = runMain({ DATA_DIR: dir.path, ...env });
    expect((await started.exited).code).toBe(1);
    expect(started.output()).toMatch(message);
  });
});
