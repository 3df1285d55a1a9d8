import Database from 'better-sqlite3';
import { join } from 'node:path';
import sharp from 'sharp';
import { DATABASE_FILE_NAME } from '../../src/local-face-api/store';
import { FaceApiClient } from './support/api';
import { printed, printedSecret, runMain, waitFor, type Started } from './support/main-process';
import { base64, samplePhoto } from './support/photos';
import { makeTempDir } from './support/temp-dir';

/**
 * The whole server killed with SIGKILL while clients add features over HTTP: every feature whose HTTP 200
 * answer arrived is in the file after the kill, and the file is intact.
 */

const ROUNDS = 2;
const dir = makeTempDir();
afterAll(() => dir.remove());

async function startServer(): Promise<{ started: Started; client: FaceApiClient; credentials: { accessKey: string; secretKey: string } }> {
  const started = runMain({ DATA_DIR: dir.path, LOCAL_FACE_API_PORT: '0' });
  await waitFor(started, /"secret_key_in":".+"/, 120_000);
  const output = started.output();
  return {
    started,
    client: new FaceApiClient(printed(output, 'api_url')!, printed(output, 'app_id')!),
    credentials: { accessKey: printed(output, 'access_key')!, secretKey: printedSecret(output) },
  };
}

it(`keeps every feature acknowledged over HTTP across ${ROUNDS} SIGKILLs of the server`, async () => {
  // Group photos scaled down: every face stays well above 32 px, analysis is quicker.
  const photos = await Promise.all([1, 2, 3, 4].map((n) => sharp(samplePhoto(n)).resize(800).jpeg().toBuffer()));
  const acknowledged: string[] = [];
  let dbId = '';

  for (let round = 0; round < ROUNDS; round++) {
    const { started, client, credentials } = await startServer();
    if (!dbId) {
      const created = await client.call('POST', 'databases', { name: 'crash', max_size: 100_000 }, { credentials });
      dbId = created.body.db_id;
    }
    let killed = false;
    const adding = (async () => {
      for (let i = 0; !killed; i++) {
        const images = [photos[i % 4], photos[(i + 1) % 4]].map((photo) => ({ image: { data: base64(photo) } }));
        const answer = await client.call('POST', `databases/${dbId}/features`, { images }, { credentials }).catch(() => undefined);
        if (!answer) return; // the connection died with the server
        expect(answer.status).toBe(200);
        for (const feature of answer.body.features) if (feature) acknowledged.push(feature.feature_id);
      }
    })();
    const before = acknowledged.length;
    while (acknowledged.length === before) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 1500));
    killed = true;
    started.child.kill('SIGKILL');
    await adding;
    expect((await started.exited).signal).toBe('SIGKILL');
  }

  const raw = new Database(join(dir.path, DATABASE_FILE_NAME));
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  const stored = new Set((raw.prepare('SELECT feature_id FROM features').all() as Array<{ feature_id: string }>).map((r) => r.feature_id));
  raw.close();
  expect(acknowledged.length).toBeGreaterThanOrEqual(ROUNDS);
  expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
}, 300_000);
