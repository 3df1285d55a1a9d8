import sharp from 'sharp';
import { MAX_IMAGE_BYTES } from '../../src/face-api-contract';
import type { FaceEngine } from '../../src/local-face-api/engine';
import { useTestApi, TRACE_ID, type TestApi } from './support/api';
import { base64, blankPng, faceCrops, samplePhoto } from './support/photos';

/** E7 batch add and the single-feature routes over HTTP, with real photos and the real engine. */

let engine: FaceEngine;
let t: TestApi;
let faces: string[]; // base64 of single-face photos
let noFace: string;

useTestApi((e, api) => {
  engine = e;
  t = api;
});
beforeAll(async () => {
  faces = (await faceCrops((image) => engine.detect(image), 1)).map(base64);
  noFace = base64(await blankPng());
});

const SUCCESS = { code: 0, message: 'Success.', internal_code: 0 };

describe('batch add', () => {
  it('answers per image, in order: features for faces, error results for the rest (HTTP 200)', async () => {
    const dbId = await t.client.createDatabase(100);
    const answer = await t.client.call('POST', `databases/${dbId}/features`, {
      images: [
        { image: { data: faces[0] }, extra_info: 'person-0' },
        { image: { data: 'not base64!' }, extra_info: 'bad' },
        { image: { data: noFace } },
        { image: { data: base64(Buffer.from('plain text, not an image')) } },
        { image: { data: faces[1] }, extra_info: 'person-1' },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.trace_id).toMatch(TRACE_ID);
    expect(answer.body.results.map((r: { code: number }) => r.code)).toEqual([0, 1001, 1004, 1002, 0]);
    expect(answer.body.results[0]).toEqual(SUCCESS);
    for (const failed of answer.body.results.slice(1, 4)) {
      expect(failed).toEqual({ code: expect.any(Number), message: expect.any(String), internal_code: failed.code });
    }
    expect(answer.body.features[1]).toBeNull();
    expect(answer.body.features[2]).toBeNull();
    expect(answer.body.features[3]).toBeNull();
    expect(answer.body.features[0]).toEqual({
      feature_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      db_id: dbId,
      extra_info: 'person-0',
      created_at: expect.any(String),
      face: {
        rectangle: { top: expect.any(Number), left: expect.any(Number), width: expect.any(Number), height: expect.any(Number) },
        score: expect.any(Number),
        landmarks: expect.arrayContaining([{ x: expect.any(Number), y: expect.any(Number) }]),
        angle: { yaw: expect.any(Number), pitch: expect.any(Number), roll: expect.any(Number) },
      },
    });
    expect(answer.body.features[4].extra_info).toBe('person-1');
    const database = (await t.client.call('GET', 'databases')).body.databases.find((db: { db_id: string }) => db.db_id === dbId);
    expect(database.size).toBe(2);
  });

  it('a face under 32×32 is FACE_TOO_SMALL, an image of 8 MiB or more is IMAGE_TOO_LARGE', async () => {
    const dbId = await t.client.createDatabase(10);
    const tiny = await sharp(Buffer.from(faces[0], 'base64')).resize(40).png().toBuffer();
    const answer = await t.client.call('POST', `databases/${dbId}/features`, {
      images: [{ image: { data: base64(tiny) } }, { image: { data: base64(Buffer.alloc(MAX_IMAGE_BYTES)) } }],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r: { code: number }) => r.code)).toEqual([1005, 1003]);
    expect(answer.body.features).toEqual([null, null]);
  });

  it('the same image added twice gets two feature ids; extra_info defaults to ""', async () => {
    const dbId = await t.client.createDatabase(10);
    const answer = await t.client.call('POST', `databases/${dbId}/features`, {
      images: [{ image: { data: faces[0] } }, { image: { data: faces[0] } }],
    });
    const [a, b] = answer.body.features;
    expect(a.feature_id).not.toBe(b.feature_id);
    expect(a.extra_info).toBe('');
  });

  it('max_size is atomic: capacity goes to the first images, the excess gets DATABASE_FULL and is not stored', async () => {
    const dbId = await t.client.createDatabase(2);
    const add = (count: number) =>
      t.client.call('POST', `databases/${dbId}/features`, {
        images: faces.slice(0, count).map((data, i) => ({ image: { data }, extra_info: `f${i}` })),
      });
    const first = await add(3);
    expect(first.body.results.map((r: { code: number }) => r.code)).toEqual([0, 0, 1007]);
    expect(first.body.features[2]).toBeNull();
    const again = await add(1);
    expect(again.body.results).toEqual([{ code: 1007, message: expect.stringContaining('full'), internal_code: 1007 }]);
    const listed = await t.client.call('GET', `databases/${dbId}/features`);
    expect(listed.body.total).toBe(2);
    expect(listed.body.features.map((f: { extra_info: string }) => f.extra_info)).toEqual(['f0', 'f1']);
  });

  it('concurrent batches never exceed max_size', async () => {
    const dbId = await t.client.createDatabase(3);
    const batch = { images: faces.slice(0, 2).map((data) => ({ image: { data } })) };
    const answers = await Promise.all([1, 2, 3].map(() => t.client.call('POST', `databases/${dbId}/features`, batch)));
    const codes = answers.flatMap((a) => a.body.results.map((r: { code: number }) => r.code));
    expect(codes.filter((c) => c === 0)).toHaveLength(3);
    expect(codes.filter((c) => c === 1007)).toHaveLength(3);
    expect((await t.client.call('GET', `databases/${dbId}/features`)).body.total).toBe(3);
  });

  it('honours rectangle: a rectangle around the second face of a group photo adds that face', async () => {
    const dbId = await t.client.createDatabase(10);
    const group = base64(samplePhoto(1));
    const detected = await engine.detect(Buffer.from(group, 'base64'));
    const target = detected[1].rectangle;
    const pad = 40;
    const rectangle = { top: target.top - pad, left: target.left - pad, width: target.width + 2 * pad, height: target.height + 2 * pad };
    const answer = await t.client.call('POST', `databases/${dbId}/features`, { images: [{ image: { data: group, rectangle } }] });
    const face = answer.body.features[0].face.rectangle;
    expect(Math.abs(face.left - target.left)).toBeLessThan(target.width / 4);
    expect(Math.abs(face.top - target.top)).toBeLessThan(target.height / 4);
  });

  it('404 for an unknown database, before any image is analysed', async () => {
    const answer = await t.client.call('POST', 'databases/00000000-0000-0000-0000-000000000000/features', {
      images: [{ image: { data: faces[0] } }],
    });
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe(5);
  });

  const tooMany = Array.from({ length: 17 }, () => ({ image: { data: 'AAAA' } }));
  it.each([
    ['images missing', {}, 'images'],
    ['images not an array', { images: 'x' }, 'images'],
    ['no image', { images: [] }, 'images'],
    ['17 images', { images: tooMany }, 'at most 16'],
    ['an entry not an object', { images: [5] }, 'images[0]'],
    ['image missing', { images: [{ extra_info: 'x' }] }, 'images[0].image'],
    ['data missing', { images: [{ image: {} }] }, 'images[0].image.data'],
    ['data not a string', { images: [{ image: { data: 12 } }] }, 'images[0].image.data'],
    ['a data: URI prefix', { images: [{ image: { data: 'data:image/jpeg;base64,/9j/' } }] }, 'data:'],
    ['extra_info not a string', { images: [{ image: { data: 'AAAA' }, extra_info: 1 }] }, 'extra_info'],
    ['extra_info over 4096 characters', { images: [{ image: { data: 'AAAA' }, extra_info: 'x'.repeat(4097) }] }, 'extra_info'],
    ['a rectangle not an object', { images: [{ image: { data: 'AAAA', rectangle: [1, 2] } }] }, 'rectangle'],
    ['a rectangle member missing', { images: [{ image: { data: 'AAAA', rectangle: { top: 0, left: 0, width: 9 } } }] }, 'rectangle.height'],
    ['a negative rectangle member', { images: [{ image: { data: 'AAAA', rectangle: { top: -1, left: 0, width: 9, height: 9 } } }] }, 'rectangle.top'],
    ['a zero-width rectangle', { images: [{ image: { data: 'AAAA', rectangle: { top: 0, left: 0, width: 0, height: 9 } } }] }, 'rectangle.width'],
    ['a fractional rectangle member', { images: [{ image: { data: 'AAAA', rectangle: { top: 0.5, left: 0, width: 9, height: 9 } } }] }, 'rectangle.top'],
  ])('400 naming the field for %s', async (_, body, fragment) => {
    const dbId = await t.client.createDatabase(10);
    const answer = await t.client.call('POST', `databases/${dbId}/features`, body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 3, trace_id: expect.stringMatching(TRACE_ID) });
    expect(answer.body.message).toContain(fragment);
  });
});

describe('single features', () => {
  let dbId: string;
  let ids: string[];

  beforeAll(async () => {
    dbId = await t.client.createDatabase(10);
    const answer = await t.client.call('POST', `databases/${dbId}/features`, {
      images: faces.slice(0, 3).map((data, i) => ({ image: { data }, extra_info: `info-${i}` })),
    });
    ids = answer.body.features.map((f: { feature_id: string }) => f.feature_id);
  });

  it('lists features in insertion order with offset and limit', async () => {
    const page = await t.client.call('GET', `databases/${dbId}/features?offset=1&limit=1`);
    expect(page.status).toBe(200);
    expect(page.body).toEqual({
      trace_id: expect.stringMatching(TRACE_ID),
      total: 3,
      features: [{ feature_id: ids[1], db_id: dbId, extra_info: 'info-1', created_at: expect.any(String) }],
    });
    const all = await t.client.call('GET', `databases/${dbId}/features`);
    expect(all.body.features.map((f: { feature_id: string }) => f.feature_id)).toEqual(ids);
  });

  it.each(['offset=-1', 'offset=abc', 'limit=0', 'limit=1001', 'limit=2.5'])('400 for the query %s', async (query) => {
    const answer = await t.client.call('GET', `databases/${dbId}/features?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain(query.split('=')[0]);
  });

  it('gets one feature, updates its extra_info, then deletes it', async () => {
    const got = await t.client.call('GET', `databases/${dbId}/features/${ids[0]}`);
    expect(got.body.feature).toEqual({ feature_id: ids[0], db_id: dbId, extra_info: 'info-0', created_at: expect.any(String) });

    const updated = await t.client.call('POST', `databases/${dbId}/features/${ids[0]}`, { extra_info: 'renamed' });
    expect(updated.status).toBe(200);
    expect(updated.body.feature.extra_info).toBe('renamed');
    expect((await t.client.call('GET', `databases/${dbId}/features/${ids[0]}`)).body.feature.extra_info).toBe('renamed');

    const deleted = await t.client.call('DELETE', `databases/${dbId}/features/${ids[0]}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ trace_id: expect.stringMatching(TRACE_ID) });
    expect((await t.client.call('GET', `databases/${dbId}/features/${ids[0]}`)).status).toBe(404);
    expect((await t.client.call('GET', `databases/${dbId}/features`)).body.total).toBe(2);
  });

  it('400 when the update has no string extra_info', async () => {
    for (const body of [{}, { extra_info: 5 }, { extra_info: 'x'.repeat(4097) }]) {
      const answer = await t.client.call('POST', `databases/${dbId}/features/${ids[1]}`, body);
      expect([answer.status, answer.body.code]).toEqual([400, 3]);
    }
  });

  it('404 for an unknown feature or database on every single-feature route', async () => {
    const unknownFeature = `databases/${dbId}/features/00000000-0000-0000-0000-000000000000`;
    const otherDb = await t.client.createDatabase(1);
    const featureOfAnotherDb = `databases/${otherDb}/features/${ids[1]}`;
    const unknownDb = `databases/00000000-0000-0000-0000-000000000000/features/${ids[1]}`;
    for (const path of [unknownFeature, featureOfAnotherDb, unknownDb]) {
      for (const [method, body] of [['GET'], ['DELETE'], ['POST', { extra_info: 'x' }]] as const) {
        const answer = await t.client.call(method, path, body);
        expect([answer.status, answer.body.code]).toEqual([404, 5]);
      }
    }
    const list = await t.client.call('GET', 'databases/00000000-0000-0000-0000-000000000000/features');
    expect(list.status).toBe(404);
  });

  it('deleting the database deletes its features', async () => {
    const doomed = await t.client.createDatabase(5);
    const added = await t.client.call('POST', `databases/${doomed}/features`, { images: [{ image: { data: faces[0] } }] });
    const featureId = added.body.features[0].feature_id;
    expect((await t.client.call('DELETE', `databases/${doomed}`)).status).toBe(200);
    expect((await t.client.call('GET', `databases/${doomed}/features/${featureId}`)).status).toBe(404);
    expect((await t.client.call('GET', `databases/${doomed}/features`)).status).toBe(404);
  });
});
