import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/settings';
import { DEFAULT_CLOSE_GRACE_MS, DEFAULT_PORT, DEV_CREDENTIALS_FILE, loadConfig } from '../../src/local-face-api/config';
import { makeTempDir } from './support/temp-dir';

describe('loadConfig', () => {
  const dir = makeTempDir();
  afterAll(() => dir.remove());

  it('uses the three keys when all are set, port 4100 by default', () => {
    const config = loadConfig({ DATA_DIR: dir.path, FACE_APP_ID: 'app', FACE_ACCESS_KEY: 'ak', FACE_SECRET_KEY: 'sk' });
    expect(config).toEqual({ port: DEFAULT_PORT, dataDir: dir.path, closeGraceMs: DEFAULT_CLOSE_GRACE_MS, credentials: { appId: 'app', accessKey: 'ak', secretKey: 'sk' } });
  });

  it('generates development credentials once, keeps them in DATA_DIR (mode 600) and reuses them', () => {
    const first = loadConfig({ DATA_DIR: join(dir.path, 'dev'), LOCAL_FACE_API_PORT: '0' });
    expect(first.port).toBe(0);
    expect(first.devCredentialsFile).toBe(join(dir.path, 'dev', DEV_CREDENTIALS_FILE));
    expect(first.credentials.appId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.credentials.secretKey.length).toBeGreaterThanOrEqual(24);
    expect(statSync(first.devCredentialsFile!).mode & 0o777).toBe(0o600);
    const second = loadConfig({ DATA_DIR: join(dir.path, 'dev') });
    expect(second.credentials).toEqual(first.credentials);
    expect(JSON.parse(readFileSync(first.devCredentialsFile!, 'utf8'))).toEqual(first.credentials);
  });

  it.each([
    [{ LOCAL_FACE_API_PORT: 'abc' }, 'LOCAL_FACE_API_PORT'],
    [{ LOCAL_FACE_API_PORT: '70000' }, 'LOCAL_FACE_API_PORT'],
    [{ LOCAL_FACE_API_PORT: '-1' }, 'LOCAL_FACE_API_PORT'],
    [{ LOCAL_FACE_API_CLOSE_GRACE_MS: '10s' }, 'LOCAL_FACE_API_CLOSE_GRACE_MS'],
    [{ FACE_APP_ID: 'app' }, 'missing: FACE_ACCESS_KEY, FACE_SECRET_KEY'],
    [{ FACE_APP_ID: 'a/b', FACE_ACCESS_KEY: 'ak', FACE_SECRET_KEY: 'sk' }, 'FACE_APP_ID'],
  ])('refuses %j with a clear message', (env, fragment) => {
    expect(() => loadConfig({ DATA_DIR: dir.path, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dir.path, ...env })).toThrow(fragment);
  });
});
