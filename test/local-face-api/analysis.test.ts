import type { FaceEngine } from '../../src/local-face-api/engine';
import { useTestApi, TRACE_ID, type TestApi } from './support/api';
import { base64, blankPng, faceCrops, samplePhoto, variant } from './support/photos';

/** E1 detect, E2 compare, E3 quality over HTTP with real photos. */

let engine: FaceEngine;
let t: TestApi;
let crops: Buffer[];

const FACE = {
  rectangle: { top: expect.any(Number), left: expect.any(Number), width: expect.any(Number), height: expect.any(Number) },
  score: expect.any(Number),
  landmarks: expect.any(Array),
  angle: { yaw: expect.any(Number), pitch: expect.any(Number), roll: expect.any(Number) },
};

useTestApi((e, api) => {
  engine = e;
  t = api;
});
beforeAll(async () => {
  crops = await faceCrops((image) => engine.detect(image), 1);
});

describe('detect', () => {
  it('returns every face of each image, results and batches in input order; no face is NO_FACE', async () => {
    const group = base64(samplePhoto(1));
    const answer = await t.client.call('POST', 'detect', {
      images: [{ data: group }, { data: base64(await blankPng()) }, { data: '@@@@' }],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.trace_id).toMatch(TRACE_ID);
    expect(answer.body.results.map((r: { code: number }) => r.code)).toEqual([0, 1004, 1001]);
    const [faces, none, failed] = answer.body.batches.map((b: { faces: unknown[] }) => b.faces);
    expect(faces.length).toBeGreaterThanOrEqual(3);
    for (const face of faces) expect(face).toEqual(FACE);
    expect(face5(faces[0].landmarks)).toBe(true);
    expect(none).toEqual([]);
    expect(failed).toEqual([]);
  });

  it('with a rectangle, only faces overlapping it are returned', async () => {
    const photo = samplePhoto(1);
    const all = await engine.detect(photo);
    const target = all[0].rectangle;
    const answer = await t.client.call('POST', 'detect', { images: [{ data: base64(photo), rectangle: target }] });
    const faces = answer.body.batches[0].faces;
    expect(faces.length).toBeGreaterThanOrEqual(1);
    expect(faces.length).toBeLessThan(all.length);
  });

  it('a rectangle outside the image is a per-image INVALID_RECTANGLE', async () => {
    const answer = await t.client.call('POST', 'detect', {
      images: [{ data: base64(crops[0]), rectangle: { top: 90000, left: 90000, width: 10, height: 10 } }],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.results[0].code).toBe(1006);
  });

  it('accepts exactly 16 images', async () => {
    const blank = base64(await blankPng(48));
    const answer = await t.client.call('POST', 'detect', { images: Array.from({ length: 16 }, () => ({ data: blank })) });
    expect(answer.status).toBe(200);
    expect(answer.body.results).toHaveLength(16);
    expect(answer.body.batches).toHaveLength(16);
  });

  it('400 for 0 or 17 images', async () => {
    for (const images of [[], Array.from({ length: 17 }, () => ({ data: 'AAAA' }))]) {
      const answer = await t.client.call('POST', 'detect', { images });
      expect([answer.status, answer.body.code]).toEqual([400, 3]);
    }
  });
});

function face5(landmarks: Array<{ x: number; y: number }>): boolean {
  return landmarks.length === 5 && landmarks.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
}

describe('compare', () => {
  it('scores the same face high and two different people lower, with both faces', async () => {
    const same = await t.client.call('POST', 'compare', { one: { data: base64(crops[0]) }, another: { data: base64(await variant(crops[0])) } });
    expect(same.status).toBe(200);
    expect(same.body).toEqual({
      trace_id: expect.stringMatching(TRACE_ID),
      results: [expect.objectContaining({ code: 0 }), expect.objectContaining({ code: 0 })],
      score: expect.any(Number),
      one_face: FACE,
      another_face: FACE,
    });
    const different = await t.client.call('POST', 'compare', { one: { data: base64(crops[0]) }, another: { data: base64(crops[1]) } });
    expect(same.body.score).toBeGreaterThan(0.8);
    expect(different.body.score).toBeLessThan(same.body.score);
    expect(different.body.score).toBeGreaterThanOrEqual(0);
  });

  it('reports which side failed and gives no score', async () => {
    const answer = await t.client.call('POST', 'compare', { one: { data: base64(crops[0]) }, another: { data: base64(await blankPng()) } });
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r: { code: number }) => r.code)).toEqual([0, 1004]);
    expect(answer.body).not.toHaveProperty('score');
    expect(answer.body).not.toHaveProperty('one_face');
  });

  it('400 when one side is missing or ill-typed', async () => {
    for (const body of [{ one: { data: 'AAAA' } }, { one: 'AAAA', another: { data: 'AAAA' } }]) {
      const answer = await t.client.call('POST', 'compare', body);
      expect([answer.status, answer.body.code]).toEqual([400, 3]);
    }
  });
});

describe('quality', () => {
  it('returns every measure of the contract for the largest face', async () => {
    const answer = await t.client.call('POST', 'quality', { image: { data: base64(crops[0]) } });
    expect(answer.status).toBe(200);
    const n = expect.any(Number);
    expect(answer.body).toEqual({
      trace_id: expect.stringMatching(TRACE_ID),
      results: [{ code: 0, message: 'Success.', internal_code: 0 }],
      face: FACE,
      angle: { yaw: n, pitch: n, roll: n },
      quality: { distance2center: n, align_score: n, brightness: n, sharpness: n, mouth_open: n, missing: n, size: n },
      occlusion: { occlusion_total: n, eye: n, nose: n, mouth: n, eyebrow: n, face_line: n },
      rotation_angle: expect.any(Number),
    });
    expect([0, 90, 180, 270]).toContain(answer.body.rotation_angle);
  });

  it('an image without a face gets NO_FACE and no measures', async () => {
    const answer = await t.client.call('POST', 'quality', { image: { data: base64(await blankPng()) } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ trace_id: expect.any(String), results: [expect.objectContaining({ code: 1004 })] });
  });

  it('400 without an image, with a data: URI or with an ill-formed rectangle (validated although not used)', async () => {
    for (const body of [
      {},
      { images: [{ data: 'AAAA' }] },
      { image: { data: 'data:image/png;base64,AAAA' } },
      { image: { data: 'AAAA', rectangle: { top: 0, left: 0, width: -5, height: 5 } } },
    ]) {
      const answer = await t.client.call('POST', 'quality', body);
      expect([answer.status, answer.body.code]).toEqual([400, 3]);
    }
  });
});
