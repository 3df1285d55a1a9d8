import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppCredentials } from './auth';
import { prepareDataDir } from './data-dir';

/** Settings of `npm run face-api`, read once from the environment and validated. */

export const DEFAULT_PORT = 4100;
export const DEFAULT_DATA_DIR = './data';
/** Generated development credentials are kept here so that restarts keep them. */
export const DEV_CREDENTIALS_FILE = 'dev-credentials.json';

export interface LocalFaceApiConfig {
  port: number;
  dataDir: string;
  credentials: AppCredentials;
  /** set when the credentials were generated (or reloaded) for development */
  devCredentialsFile?: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function setting(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new ConfigError(`LOCAL_FACE_API_PORT must be an integer from 0 to 65535, got "${raw}"`);
  }
  return port;
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
  const port = parsePort(setting(env, 'LOCAL_FACE_API_PORT'));
  const dataDir = resolve(setting(env, 'DATA_DIR') ?? DEFAULT_DATA_DIR);
  const names = ['FACE_APP_ID', 'FACE_ACCESS_KEY', 'FACE_SECRET_KEY'] as const;
  const given = names.filter((name) => setting(env, name) !== undefined);
  if (given.length === 0) {
    const { credentials, file } = devCredentials(dataDir);
    return { port, dataDir, credentials, devCredentialsFile: file };
  }
  if (given.length < names.length) {
    const missing = names.filter((name) => !given.includes(name));
    throw new ConfigError(`set all of ${names.join(', ')} or none of them (missing: ${missing.join(', ')})`);
  }
  const appId = setting(env, 'FACE_APP_ID') as string;
  if (/[\s/?#%]/.test(appId)) throw new ConfigError('FACE_APP_ID must be a single URL path segment (no / ? # % or spaces)');
  return {
    port,
    dataDir,
    credentials: { appId, accessKey: setting(env, 'FACE_ACCESS_KEY') as string, secretKey: setting(env, 'FACE_SECRET_KEY') as string },
  };
}
