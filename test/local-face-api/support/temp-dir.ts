import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh DATA_DIR per test, removed afterwards. */
export function makeTempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'local-face-api-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
