/** Tolerant parsing: the variants the real cloud may send where the public contract is unknown. */
import {
  parseAddedFeatures,
  parseComparison,
  parseCreatedDatabase,
  parseDatabaseList,
  parseDetection,
  parseFace,
  parseQuality,
  parseSearch,
} from '../../src/upstream/parse';
import { UpstreamError } from '../../src/upstream/errors';

const TRACE = 'a517f332fe0522f5a4862b9251a5c109';

describe('databases', () => {
  test('listed as objects (local Face API) or as bare ids (what the JCV demo implies)', () => {
    const objects = parseDatabaseList({
      trace_id: TRACE,
      databases: [{ db_id: 'd1', name: 'foo', max_size: 1000, size: 3, object_type: 'OBJECT_FACE', feature_version: 2 }],
    });
    expect(objects).toEqual([
      { id: 'd1', name: 'foo', description: undefined, maxSize: 1000, size: 3, objectType: 'OBJECT_FACE', featureVersion: 2, createdAt: undefined, raw: expect.any(Object) },
    ]);
    expect(parseDatabaseList({ databases: ['d1', 'd2'] })).toEqual([
      { id: 'd1', raw: 'd1' },
      { id: 'd2', raw: 'd2' },
    ]);
    expect(parseDatabaseList({ databases: [{ id: 'd3' }, { nothing: true }, null] }).map((db) => db.id)).toEqual(['d3']);
  });

  test('createdAt becomes ISO 8601 UTC (the DateTime scalar) from the forms an upstream may send, or is left out', () => {
    const created = (created_at: unknown) => parseDatabaseList({ databases: [{ db_id: 'd', created_at }] })[0].createdAt;
    expect(created('2026-12-02T06:00:00.123Z')).toBe('2026-12-02T06:00:00.123Z');
    expect(created('2026-12-02T15:00:00+09:00')).toBe('2026-12-02T06:00:00.000Z');
    expect(created(1764655200)).toBe('2025-12-02T06:00:00.000Z');
    expect(created(1764655200000)).toBe('2025-12-02T06:00:00.000Z');
    expect(created('yesterday')).toBeUndefined();
    expect(created('')).toBeUndefined();
    expect(created(undefined)).toBeUndefined();
  });

  test('a list without a databases array is a BAD_RESPONSE carrying the trace id', () => {
    try {
      parseDatabaseList({ trace_id: TRACE, items_missing: true });
      throw new Error('not thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error).toMatchObject({ kind: 'BAD_RESPONSE', traceId: TRACE });
    }
  });

  test('create answers that echo little (the captured cloud answer) are completed from the request', () => {
    const created = parseCreatedDatabase(
      { trace_id: TRACE, name: 'Sample-db', db_id: '91309912-cbcf-4985-be08-552363ed6000', object_type: 'OBJECT_FACE', feature_version: 2 },
      { name: 'Sample-db', description: 'Sample feature database.', maxSize: 10 },
    );
    expect(created).toMatchObject({ id: '91309912-cbcf-4985-be08-552363ed6000', name: 'Sample-db', description: 'Sample feature database.', maxSize: 10, featureVersion: 2 });
  });
});

describe('features', () => {
  const ok = { code: 0, message: 'Success.', internal_code: 0 };
  const bad = { code: 1004, message: 'no face', internal_code: 1004 };

  test('ids under features[i].feature_id, feature_ids[i] or results[i].feature_id', () => {
    const local = parseAddedFeatures({ results: [ok, bad], features: [{ feature_id: 'f1', db_id: 'd', extra_info: 'x', face: { rectangle: { top: 1, left: 2, width: 3, height: 4 } } }, null] }, 'd', 2);
    expect(local.features[0]).toMatchObject({ id: 'f1', databaseId: 'd', extraInfo: 'x', face: { rectangle: { top: 1, left: 2, width: 3, height: 4 } } });
    expect(local.features[1]).toBeNull();
    expect(parseAddedFeatures({ results: [ok], feature_ids: ['f2'] }, 'd', 1).features[0]).toMatchObject({ id: 'f2', databaseId: 'd' });
    expect(parseAddedFeatures({ results: [{ ...ok, feature_id: 'f3' }] }, 'd', 1).features[0]).toMatchObject({ id: 'f3', databaseId: 'd' });
  });

  test('a results count that does not match the images sent is a BAD_RESPONSE', () => {
    expect(() => parseAddedFeatures({ results: [ok] }, 'd', 2)).toThrow(/1 results for 2 images/);
  });

  test('search hits as in the JCV demo (feature nested, no id for the db) and flat', () => {
    const demo = parseSearch(
      { trace_id: TRACE, results: [ok], batches: [{ features: [{ feature: { feature_id: 'f1', extra_info: 'e' }, score: 0.93 }] }] },
      ['only-db'],
    );
    expect(demo.hits).toEqual([{ score: 0.93, feature: expect.objectContaining({ id: 'f1', extraInfo: 'e', databaseId: 'only-db' }) }]);
    const flat = parseSearch({ batches: [{ face: { rect: { left: 1, top: 2, right: 11, bottom: 22 } }, features: [{ id: 'f2', db_id: 'd2', score: '0.5' }] }] }, ['d1', 'd2']);
    expect(flat.hits).toEqual([{ score: 0.5, feature: expect.objectContaining({ id: 'f2', databaseId: 'd2' }) }]);
    expect(flat.face?.rectangle).toEqual({ top: 2, left: 1, width: 10, height: 20 });
    // without per-image results a 2xx answer counts as success
    expect(flat.result.code).toBe(0);
    // hits from several databases without a db_id stay unattributed rather than guessed
    expect(parseSearch({ batches: [{ features: [{ feature: { feature_id: 'f' }, score: 1 }] }] }, ['a', 'b']).hits[0].feature.databaseId).toBeUndefined();
  });
});

describe('faces, detection, comparison', () => {
  test('faces keep what is known typed and everything in raw', () => {
    const face = parseFace({ rectangle: { top: 1, left: 2, width: 3, height: 4 }, landmarks: [[1, 2], { x: 3, y: 4 }, 'junk'], pose: { yaw: 5 }, gender: 'x' });
    expect(face).toEqual({
      rectangle: { top: 1, left: 2, width: 3, height: 4 },
      score: undefined,
      landmarks: [{ x: 1, y: 2 }, { x: 3, y: 4 }],
      angle: { yaw: 5, pitch: 0, roll: 0 },
      raw: expect.objectContaining({ gender: 'x' }),
    });
    expect(parseFace('nope')).toBeUndefined();
    // a face without a box is left out rather than typed as a face with a null rectangle
    expect(parseFace({ score: 0.9, landmarks: [] })).toBeUndefined();
    expect(parseFace({ rect: { left: 1, top: 2, right: 11, bottom: 22 } })?.rectangle).toEqual({ top: 2, left: 1, width: 10, height: 20 });
  });

  test('detection pairs results[i] with batches[i]', () => {
    const detection = parseDetection({ results: [{ code: 0 }, { code: 1004, message: 'no face' }], batches: [{ faces: [{ rectangle: { top: 0, left: 0, width: 40, height: 40 } }] }, { faces: [] }] }, 2);
    expect(detection.images.map((image) => [image.result.code, image.faces.length])).toEqual([[0, 1], [1004, 0]]);
    expect(detection.images[0].result).toEqual({ code: 0, message: 'Success.', internalCode: 0 });
  });

  test('comparison as the Classmethod capture shows it (score first-class, faces as objects)', () => {
    const comparison = parseComparison({ trace_id: TRACE, score: 0.9915, one_face: { rectangle: { top: 1, left: 1, width: 50, height: 50 } }, another_face: {} });
    expect(comparison).toMatchObject({ traceId: TRACE, score: 0.9915, results: [] });
    expect(comparison.oneFace?.rectangle.width).toBe(50);
    expect(comparison.anotherFace).toBeUndefined();
  });
});

describe('quality', () => {
  const measures = { distance2center: 0.9, align_score: 1.2, brightness: 0.1, sharpness: 0.95, mouth_open: 0.05, missing: 1, size: 0.3 };
  const occlusion = { occlusion_total: 0.01, eye: 0, nose: 0, mouth: 0.1, eyebrow: 0, face_line: 0.02 };

  test('fields at the top level (local Face API)', () => {
    const report = parseQuality({ results: [{ code: 0 }], angle: { yaw: 1, pitch: 2, roll: 3 }, quality: measures, occlusion, rotation_angle: 90 });
    expect(report).toMatchObject({
      angle: { yaw: 1, pitch: 2, roll: 3 },
      quality: { distance2center: 0.9, alignScore: 1.2, mouthOpen: 0.05 },
      occlusion: { total: 0.01, faceLine: 0.02 },
      rotation: 90,
    });
  });

  test('fields nested under result, batches[0] or qualities[0]', () => {
    for (const body of [
      { result: { angle: { yaw: 1, pitch: 2, roll: 3 }, quality: measures, occlusion, rotation: 180 } },
      { batches: [{ angle: { yaw: 1, pitch: 2, roll: 3 }, quality: measures, occlusion, optimal_rotation_angle: 180 }] },
      { qualities: [{ angle: { yaw: 1, pitch: 2, roll: 3 }, quality: measures, occlusion, rotation_angle: 180 }] },
    ]) {
      const report = parseQuality(body);
      expect(report.angle).toEqual({ yaw: 1, pitch: 2, roll: 3 });
      expect(report.quality?.sharpness).toBe(0.95);
      expect(report.occlusion?.mouth).toBe(0.1);
      expect(report.rotation).toBe(180);
    }
  });
});
