/** Debian's Chromium driven by playwright-core, and the web pages built the way `npm run build` builds them. */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

const ROOT = join(__dirname, '..', '..', '..');

/** Screenshots of each step (git-ignored). */
export const OUTPUT_DIR = join(ROOT, 'test-output', 'browser');

/** CHROMIUM_PATH, or Debian's binary (the /usr/bin/chromium wrapper script adds nothing a test needs). */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((path): path is string => Boolean(path && existsSync(path)));
}

/**
 * Headless Chromium in which every host name but 127.0.0.1 and localhost fails to resolve: a page that
 * tried to load anything from the internet would show it as a failed request.
 */
export function launchOffline(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost'],
  });
}

/** `npm run build:web` (codegen, type check of the console, Vite) into `outDir`. */
export async function buildWeb(outDir: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await promisify(execFile)('npm', ['run', '-s', 'build:web'], {
    cwd: ROOT,
    env: { ...process.env, WEB_OUT_DIR: outDir, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    timeout: 300_000,
    maxBuffer: 16 * 1024 * 1024,
  });
}
