import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, integer, text, type Env } from '../settings';
import type { AppCredentials } from './auth';
import { prepareDataDir } from './data-dir';

/** Settings of `npm run face-api`, read once from the environment and validated. */

export const DEFAULT_PORT = 4100;
export const DEFAULT_DATA_DIR = './data';
/** Generated development credentials are kept here so that restarts keep them. */
export const DEV_CREDENTIALS_FILE = 'dev-credentials.json';
/** How long SIGTERM/close() waits for in-flight requests before cutting them. */
export const DEFAULT_CLOSE_GRACE_MS = 10_000;

export interface LocalFaceApiConfig {
  port: number;
  dataDir: string;
  credentials: AppCredentials;
  closeGraceMs: number;
  /** set when the credentials were generated (or reloaded) for development */
  devCredentialsFile?: string;
}

function isCredentials(value: unknown): value is AppCredentials {
  const c = value as AppCredentials;
  return [c?.appId, c?.accessKey, c?.secretKey].every((v) => typeof v === 'string' && v.length > 0);
}

/** Loads the development credentials of DATA_DIR, creating them on first start. */
function devCredentials(dataDir: string): { credentials: AppCredentials; file: string } {
  const file = join(dataDir, DEV_CREDENTIALS_FILE);
  if (existsSync(file)) {
    let stored: unknown;
    try {
      stored = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError(`${file} is not valid JSON (${(error as Error).message}): fix or delete it`);
    }
    if (!isCredentials(stored)) throw new ConfigError(`${file} lacks appId/accessKey/secretKey: fix or delete it`);
    return { credentials: stored, file };
  }
  const credentials: AppCredentials = {
    appId: randomUUID(),
    accessKey: randomUUID(),
    secretKey: randomBytes(24).toString('base64url'),
  };
  prepareDataDir(dataDir);
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return { credentials, file };
}

export function loadConfig(env: Env = process.env): LocalFaceApiConfig {
  const port = integer(env, 'LOCAL_FACE_API_PORT', DEFAULT_PORT, 0, 65535);
  const dataDir = resolve(text(env, 'DATA_DIR') ?? DEFAULT_DATA_DIR);
  const closeGraceMs = integer(env, 'LOCAL_FACE_API_CLOSE_GRACE_MS', DEFAULT_CLOSE_GRACE_MS, 0, 600_000);
  const names = ['FACE_APP_ID', 'FACE_ACCESS_KEY', 'FACE_SECRET_KEY'] as const;
  const given = names.filter((name) => text(env, name) !== undefined);
  if (given.length === 0) {
    const { credentials, file } = devCredentials(dataDir);
    return { port, dataDir, closeGraceMs, credentials, devCredentialsFile: file };
  }
  if (given.length < names.length) {
    const missing = names.filter((name) => !given.includes(name));
    throw new ConfigError(`set all of ${names.join(', ')} or none of them (missing: ${missing.join(', ')})`);
  }
  const appId = text(env, 'FACE_APP_ID') as string;
  if (/[\s/?#%]/.test(appId)) throw new ConfigError('FACE_APP_ID must be a single URL path segment (no / ? # % or spaces)');
  return {
    port,
    dataDir,
    closeGraceMs,
    credentials: { appId, accessKey: text(env, 'FACE_ACCESS_KEY') as string, secretKey: text(env, 'FACE_SECRET_KEY') as string },
  };
}
