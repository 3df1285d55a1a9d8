import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFaceEngine, type FaceEngine } from '../../src/local-face-api/engine';
import { DATABASE_FILE_NAME, FEATURE_VERSION } from '../../src/local-face-api/store';
import { portrait } from './engine/fixtures';
import { startTestApi, type TestApi } from './support/api';
import { base64 } from './support/photos';
import { makeTempDir } from './support/temp-dir';

/**
 * After an upgrade of the face model, a data file written by the previous version (feature_version 1: dlib's
 * 128-D ResNet; fixtures/feature-version-1.sql is what that version's FeatureStore wrote) is served as it is,
 * but adding to or searching its database is refused with a clear request-level error: never compared across models.
 */

const OLD_DB = 'f8165d47-cab2-4ae9-b04a-23115abb53f8';

let engine: FaceEngine;
let t: TestApi;
const dir = makeTempDir();

beforeAll(async () => {
  const file = new Database(join(dir.path, DATABASE_FILE_NAME));
  file.exec(readFileSync(join(__dirname, 'fixtures', 'feature-version-1.sql'), 'utf8'));
  file.close();
  engine = await createFaceEngine({ workers: 1 });
  t = await startTestApi(engine, dir.path);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await engine?.close();
  dir.remove();
});

const expectVersionConflict = (answer: { status: number; body: { code: number; message: string } }) => {
  expect(answer.status).toBe(409);
  expect(answer.body.code).toBe(9);
  expect(answer.body.message).toContain(`holds features of feature_version 1`);
  expect(answer.body.message).toContain(`computes feature_version ${FEATURE_VERSION}`);
  expect(answer.body.message).toContain('Re-enrol');
};

it('lists the old database with its feature_version and its features', async () => {
  expect(FEATURE_VERSION).toBe(2);
  const listed = await t.client.call('GET', 'databases');
  expect(listed.body.databases).toEqual([expect.objectContaining({ db_id: OLD_DB, feature_version: 1, size: 2 })]);
  const features = await t.client.call('GET', `databases/${OLD_DB}/features`);
  expect(features.body.features.map((f: { extra_info: string }) => f.extra_info)).toEqual(['alice', 'bob']);
});

it('refuses to add to or search the old database, alone or with a current one, and writes nothing', async () => {
  const image = { data: base64(await portrait()) };
  expectVersionConflict(await t.client.call('POST', `databases/${OLD_DB}/features`, { images: [{ image }] }));
  expectVersionConflict(await t.client.call('POST', 'databases/search', { image, db_ids: [OLD_DB] }));

  const current = await t.client.createDatabase(10, 'current');
  expect((await t.client.call('GET', 'databases')).body.databases).toContainEqual(expect.objectContaining({ db_id: current, feature_version: FEATURE_VERSION }));
  expectVersionConflict(await t.client.call('POST', 'databases/search', { image, db_ids: [current, OLD_DB] }));
  expect((await t.client.call('GET', `databases/${OLD_DB}/features`)).body.total).toBe(2);

  // the way out the message names: enrol again in a current database, then delete the old one
  const added = await t.client.call('POST', `databases/${current}/features`, { images: [{ image, extra_info: 'alice' }] });
  expect(added.body.results[0].code).toBe(0);
  const found = await t.client.call('POST', 'databases/search', { image, db_ids: [current] });
  expect(found.body.batches[0].features[0].feature.extra_info).toBe('alice');
  expect((await t.client.call('DELETE', `databases/${OLD_DB}`)).status).toBe(200);
});
