import type { FaceEngine } from '../../src/local-face-api/engine';
import { startTestApi, useTestApi, TRACE_ID, type TestApi } from './support/api';
import { base64, blankPng, faceCrops, lfwPhoto, lfwPhotos, variant } from './support/photos';

/** E8 search over HTTP with real photos: ordering, top_k, min_score, several databases, sync with changes. */

let engine: FaceEngine;
let t: TestApi;
let crops: Buffer[]; // single-face photos: 3 from sample1, then 3 from sample2
let dbA: string;
let dbB: string;

async function enrol(dbId: string, photos: Buffer[], labels: string[]): Promise<string[]> {
  const answer = await t.client.call('POST', `databases/${dbId}/features`, {
    images: photos.map((photo, i) => ({ image: { data: base64(photo) }, extra_info: labels[i] })),
  });
  expect(answer.body.results.every((r: { code: number }) => r.code === 0)).toBe(true);
  return answer.body.features.map((f: { feature_id: string }) => f.feature_id);
}

const search = (body: object) => t.client.call('POST', 'databases/search', body);
const labelsOf = (answer: { body: { batches: Array<{ features: Array<{ feature: { extra_info: string } }> }> } }) =>
  answer.body.batches[0].features.map((hit) => hit.feature.extra_info);

useTestApi((e, api) => {
  engine = e;
  t = api;
});
beforeAll(async () => {
  const detect = (image: Buffer) => engine.detect(image);
  crops = [...(await faceCrops(detect, 1)).slice(0, 3), ...(await faceCrops(detect, 2)).slice(0, 3)];
  dbA = await t.client.createDatabase(100, 'A');
  dbB = await t.client.createDatabase(100, 'B');
  await enrol(dbA, crops.slice(0, 3), ['a0', 'a1', 'a2']);
  await enrol(dbB, crops.slice(3), ['b0', 'b1', 'b2']);
});

it('finds the enrolled face first for a re-encoded photo of it, with the probe face and sorted scores', async () => {
  const answer = await search({ image: { data: base64(await variant(crops[1])) }, db_ids: [dbA] });
  expect(answer.status).toBe(200);
  expect(answer.body.trace_id).toMatch(TRACE_ID);
  expect(answer.body.results).toEqual([{ code: 0, message: 'Success.', internal_code: 0 }]);
  const [batch] = answer.body.batches;
  expect(batch.face.rectangle.width).toBeGreaterThan(32);
  expect(labelsOf(answer)).toHaveLength(3);
  expect(labelsOf(answer)[0]).toBe('a1');
  expect(batch.features[0]).toEqual({
    feature: { feature_id: expect.any(String), db_id: dbA, extra_info: 'a1', created_at: expect.any(String) },
    score: expect.any(Number),
  });
  const scores: number[] = batch.features.map((hit: { score: number }) => hit.score);
  expect(scores[0]).toBeGreaterThan(0.8);
  expect([...scores].sort((x, y) => y - x)).toEqual(scores);
  for (const score of scores) {
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(1);
  }
});

it('top_k cuts the sorted list; min_score drops the hits below it', async () => {
  const probe = { data: base64(await variant(crops[0])) };
  const all = await search({ image: probe, db_ids: [dbA, dbB], top_k: 100 });
  const scores: number[] = all.body.batches[0].features.map((hit: { score: number }) => hit.score);
  expect(scores).toHaveLength(6);
  const top2 = await search({ image: probe, db_ids: [dbA, dbB], top_k: 2 });
  expect(labelsOf(top2)).toEqual(labelsOf(all).slice(0, 2));
  const floor = (scores[0] + scores[1]) / 2;
  const above = await search({ image: probe, db_ids: [dbA, dbB], min_score: floor });
  expect(labelsOf(above)).toEqual(['a0']);
  const none = await search({ image: probe, db_ids: [dbA, dbB], min_score: 1 });
  expect(none.body.batches[0].features.every((hit: { score: number }) => hit.score >= 1)).toBe(true);
});

it('searches several databases at once and reports each hit’s db_id', async () => {
  const answer = await search({ image: { data: base64(await variant(crops[4])) }, db_ids: [dbA, dbB], top_k: 1 });
  expect(answer.body.batches[0].features).toEqual([
    { feature: expect.objectContaining({ extra_info: 'b1', db_id: dbB }), score: expect.any(Number) },
  ]);
});

it('a probe without a face gets a per-image NO_FACE result and no hits', async () => {
  const answer = await search({ image: { data: base64(await blankPng()) }, db_ids: [dbA] });
  expect(answer.status).toBe(200);
  expect(answer.body.results[0].code).toBe(1004);
  expect(answer.body.batches).toEqual([{ features: [] }]);
});

it('follows deletions: a deleted feature is never returned, a deleted database is 404', async () => {
  const db = await t.client.createDatabase(10, 'C');
  const [first, second] = await enrol(db, [crops[2], crops[5]], ['c0', 'c1']);
  const probe = { data: base64(await variant(crops[2])) };
  expect(labelsOf(await search({ image: probe, db_ids: [db] }))).toEqual(['c0', 'c1']);
  await t.client.call('DELETE', `databases/${db}/features/${first}`);
  expect(labelsOf(await search({ image: probe, db_ids: [db] }))).toEqual(['c1']);
  await enrol(db, [crops[2]], ['c0-again']);
  expect(labelsOf(await search({ image: probe, db_ids: [db] }))[0]).toBe('c0-again');
  expect(second).toBeDefined();
  await t.client.call('DELETE', `databases/${db}`);
  expect((await search({ image: probe, db_ids: [db] })).status).toBe(404);
});

it('finds features stored before a restart (matrix loaded from SQLite)', async () => {
  const own = await startTestApi(engine);
  const db = await own.client.createDatabase(10);
  await own.client.call('POST', `databases/${db}/features`, { images: [{ image: { data: base64(crops[3]) }, extra_info: 'kept' }] });
  await own.close(true);
  const again = await startTestApi(engine, own.dataDir);
  try {
    const answer = await again.client.call('POST', 'databases/search', { image: { data: base64(await variant(crops[3])) }, db_ids: [db] });
    expect(labelsOf(answer)).toEqual(['kept']);
  } finally {
    await again.close();
  }
});

it('404 naming every unknown db_id', async () => {
  const answer = await search({ image: { data: 'AAAA' }, db_ids: [dbA, 'missing-1', 'missing-2'] });
  expect(answer.status).toBe(404);
  expect(answer.body.message).toContain('missing-1, missing-2');
});

it.each([
  ['image missing', { image: undefined }, 'image'],
  ['db_ids missing', { db_ids: undefined }, 'db_ids'],
  ['db_ids empty', { image: { data: 'AAAA' }, db_ids: [] }, 'db_ids'],
  ['db_ids not strings', { image: { data: 'AAAA' }, db_ids: [1] }, 'db_ids[0]'],
  ['top_k 0', { top_k: 0 }, 'top_k'],
  ['top_k 101', { top_k: 101 }, 'top_k'],
  ['top_k fractional', { top_k: 2.5 }, 'top_k'],
  ['top_k a string', { top_k: '3' }, 'top_k'],
  ['min_score negative', { min_score: -0.1 }, 'min_score'],
  ['min_score above 1', { min_score: 1.1 }, 'min_score'],
  ['min_score a string', { min_score: '0.8' }, 'min_score'],
])('400 naming the field for %s', async (_, fields, fragment) => {
  const body = { image: { data: 'AAAA' }, db_ids: [dbA], ...fields };
  const answer = await search(body);
  expect(answer.status).toBe(400);
  expect(answer.body.code).toBe(3);
  expect(answer.body.message).toContain(fragment);
});

const lfw = lfwPhotos();
(lfw ? it : it.skip)('LFW: enrol one photo of 24 people, probe with another photo: rank-1 ≥ 80%', async () => {
  const byIdentity = new Map<string, string[]>();
  for (const photo of lfw!.filter((p) => p.role === 'enrolled')) {
    byIdentity.set(photo.identity, [...(byIdentity.get(photo.identity) ?? []), photo.file]);
  }
  const people = [...byIdentity.entries()].slice(0, 24);
  const db = await t.client.createDatabase(100, 'lfw');
  for (let i = 0; i < people.length; i += 16) {
    const chunk = people.slice(i, i + 16);
    await t.client.call('POST', `databases/${db}/features`, {
      images: chunk.map(([identity, files]) => ({ image: { data: base64(lfwPhoto({ file: files[0], identity, role: '' })) }, extra_info: identity })),
    });
  }
  let correct = 0;
  for (const [identity, files] of people) {
    const answer = await search({ image: { data: base64(lfwPhoto({ file: files[1], identity, role: '' })) }, db_ids: [db], top_k: 1 });
    if (labelsOf(answer)[0] === identity) correct++;
  }
  expect(correct / people.length).toBeGreaterThanOrEqual(0.8);
});
