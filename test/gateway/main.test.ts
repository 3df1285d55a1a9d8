/** `src/main.ts` as a real process: configuration errors, the embedded default, SIGTERM, restart on the same data. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { run, waitFor } from './support/main-process';
import { postJson } from './support/graphql';

describe('configuration', () => {
  test('a remote upstream needs its credentials; every problem is listed', () => {
    expect(() => loadConfig({ FACE_API_URL: 'https://face.example/openapi/face/v1', PORT: 'x', UPSTREAM_TIMEOUT_MS: '0' })).toThrow(
      /PORT must be an integer[\s\S]*FACE_APP_ID is required[\s\S]*FACE_ACCESS_KEY is required[\s\S]*FACE_SECRET_KEY is required[\s\S]*UPSTREAM_TIMEOUT_MS must be an integer from 1/,
    );
    expect(() => loadConfig({ FACE_API_URL: 'not a url', FACE_APP_ID: 'a', FACE_ACCESS_KEY: 'k', FACE_SECRET_KEY: 's' })).toThrow(
      /FACE_API_URL must be an absolute http\(s\) URL/,
    );
  });

  test('a complete remote configuration starts no local server', () => {
    const config = loadConfig({
      FACE_API_URL: 'https://face.example/openapi/face/v1/',
      FACE_APP_ID: 'app',
      FACE_ACCESS_KEY: 'key',
      FACE_SECRET_KEY: 'secret',
    });
    expect(config.remote).toEqual({ url: 'https://face.example/openapi/face/v1', appId: 'app', accessKey: 'key', secretKey: 'secret' });
    expect(config.embedded).toBeUndefined();
    expect(config.port).toBe(4000);
  });

  test('the process stops with the message when configuration is bad', async () => {
    const started = run({ FACE_API_URL: 'https://face.example/openapi/face/v1' });
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/FACE_APP_ID is required when FACE_API_URL is set/);
  });
});

test('embedded default: serves, drains on SIGTERM, keeps data and credentials across a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gateway-main-'));
  const env = { PORT: '0', LOCAL_FACE_API_PORT: '0', DATA_DIR: dataDir };
  try {
    const first = run(env);
    const [, url] = await waitFor(first, /GraphQL gateway: (\S+)/);
    expect(first.output()).toMatch(/Local Face API \(REST\): http:\/\/127\.0\.0\.1:\d+\/openapi\/face\/v1/);
    const credentials = (await waitFor(first, /Credentials: (.*)/))[1];
    const created = await postJson(url, 'mutation { createDatabase(name: "kept", maxSize: 10) { id } }');
    const id = created.body.data.createDatabase.id;
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/SIGTERM: draining[\s\S]*Closed cleanly\./);

    const second = run(env);
    const [, secondUrl] = await waitFor(second, /GraphQL gateway: (\S+)/);
    expect((await waitFor(second, /Credentials: (.*)/))[1]).toBe(credentials);
    const listed = await postJson(secondUrl, '{ databases { id name } }');
    expect(listed.body.data.databases).toEqual([{ id, name: 'kept' }]);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 240000);
