import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE_NAME, FeatureStore } from '../../src/local-face-api/store';
import { makeTempDir } from './support/temp-dir';

const WRITER = join(__dirname, 'support', 'crash-writer.ts');
const ROUNDS = 5;

/**
 * Runs the writer, kills it with SIGKILL at a random moment after its first acknowledgement, returns the
 * acknowledged ids: those in its fsync'd ack file (stdout only says it started; a pipe loses what is unread).
 */
function writeUntilKilled(dataDir: string, dbId: string, round: number): Promise<string[]> {
  const ackFile = join(dataDir, `acks-${round}.txt`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', WRITER, dataDir, dbId, ackFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    let armed = false;
    child.stdout.on('data', () => {
      if (!armed) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), 50 + Math.random() * 700);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited by itself (${code}): ${errors}`));
      // a write cut by the kill leaves a partial last line: only complete lines were acknowledged
      else resolve(readFileSync(ackFile, 'utf8').split('\n').slice(0, -1));
    });
  });
}

describe('storage crash safety (child process killed with SIGKILL while adding)', () => {
  const dir = makeTempDir();
  afterAll(() => dir.remove());

  it(`keeps every acknowledged feature and an intact file over ${ROUNDS} kills`, async () => {
    const setup = new FeatureStore(dir.path);
    const { db_id: dbId } = setup.createDatabase({ name: 'crash', description: '', maxSize: 10_000_000 });
    setup.close();

    const acknowledged: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const ids = await writeUntilKilled(dir.path, dbId, round);
      expect(ids.length).toBeGreaterThan(0);
      acknowledged.push(...ids);
    }

    const raw = new Database(join(dir.path, DATABASE_FILE_NAME));
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Set((raw.prepare('SELECT feature_id FROM features').all() as Array<{ feature_id: string }>).map((r) => r.feature_id));
    const { size } = raw.prepare('SELECT size FROM databases WHERE db_id = ?').get(dbId) as { size: number };
    raw.close();

    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    // At most the batch in flight at each kill was committed but not yet acknowledged.
    expect(stored.size - acknowledged.length).toBeLessThanOrEqual(ROUNDS * 16);
    expect(size).toBe(stored.size);
  });
});
