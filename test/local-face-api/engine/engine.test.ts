/**
 * The engine end to end on real face photos shipped by @vladmandic/face-api: detection, rectangles, identity
 * ordering, formats and the ImageError of every bad input. Runs the real worker pool and models.
 */
import sharp from 'sharp';
import { createFaceEngine, ImageError, type FaceEngine, type ImageFailure } from '../../../src/local-face-api/engine';
import { otherPortrait, plain, portrait, sample, toBmp } from './fixtures';

let engine: FaceEngine;
beforeAll(async () => {
  engine = await createFaceEngine({ workers: 2 });
});
afterAll(() => engine?.close());

async function failureOf(run: Promise<unknown>): Promise<ImageFailure> {
  try {
    await run;
  } catch (error) {
    if (error instanceof ImageError) return error.failure;
    throw error;
  }
  throw new Error('succeeded unexpectedly');
}

describe('detect', () => {
  it.each([
    [1, 3],
    [3, 3],
    [6, 4],
  ])('finds every face in sample%i.jpg (%i people)', async (n, people) => {
    const image = await sharp(sample(n)).toBuffer();
    const { width, height } = await sharp(image).metadata();
    const faces = await engine.detect(image);
    expect(faces).toHaveLength(people);
    for (const [i, face] of faces.entries()) {
      const r = face.rectangle;
      expect(r.width).toBeGreaterThanOrEqual(32);
      expect(r.left + r.width).toBeLessThanOrEqual(width!);
      expect(r.top + r.height).toBeLessThanOrEqual(height!);
      expect(face.score).toBeGreaterThan(0.5);
      expect(face.landmarks).toHaveLength(5);
      const [eyeA, eyeB, nose, mouthA, mouthB] = face.landmarks;
      expect(eyeA.x).toBeLessThan(eyeB.x);
      expect(Math.max(eyeA.y, eyeB.y)).toBeLessThan(Math.min(mouthA.y, mouthB.y));
      expect(nose.x).toBeGreaterThan(r.left);
      expect(nose.x).toBeLessThan(r.left + r.width);
      if (i > 0) expect(r.width * r.height).toBeLessThanOrEqual(faces[i - 1].rectangle.width * faces[i - 1].rectangle.height);
    }
  });

  it('finds the face in every accepted format, by content', async () => {
    const png = await portrait();
    const encodings = [png, await sharp(png).jpeg().toBuffer(), await sharp(png).tiff().toBuffer(), await sharp(png).gif().toBuffer(), await toBmp(png)];
    for (const bytes of encodings) {
      const [face] = await engine.detect(bytes);
      expect(face.rectangle.left).toBeGreaterThan(20);
      expect(face.rectangle.width).toBeGreaterThan(150);
    }
  });

  it('reports coordinates in the EXIF-oriented (displayed) image', async () => {
    const png = await portrait();
    const [upright] = await engine.detect(png);
    // pixels stored turned 90° counter-clockwise, tagged "rotate 90° clockwise to display"
    const stored = await sharp(await sharp(png).rotate(270).toBuffer()).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const [oriented] = await engine.detect(stored);
    expect(Math.abs(oriented.rectangle.left - upright.rectangle.left)).toBeLessThan(12);
    expect(Math.abs(oriented.rectangle.top - upright.rectangle.top)).toBeLessThan(12);
  });
});

describe('rectangle', () => {
  let group: Buffer;
  beforeAll(async () => {
    group = await sharp(sample(6)).toBuffer();
  });

  it('keeps only the faces overlapping it, and embeds the largest of those', async () => {
    const all = await engine.detect(group);
    const smallest = all[all.length - 1].rectangle;
    const inside = await engine.detect(group, smallest);
    expect(inside).toHaveLength(1);
    expect(inside[0].rectangle).toEqual(smallest);
    const embedded = await engine.embedLargest(group, smallest);
    expect(embedded.face.rectangle).toEqual(smallest);
    const largest = await engine.embedLargest(group);
    expect(largest.face.rectangle).toEqual(all[0].rectangle);
  });

  it('picks the face most inside it, even when a loose rectangle also touches a larger neighbour', async () => {
    const all = await engine.detect(group);
    const loose = all.map(({ rectangle: r }) => {
      const grow = r.width * 0.45;
      return { left: Math.max(0, r.left - grow), top: Math.max(0, r.top - grow), width: r.width + 2 * grow, height: r.height + 2 * grow };
    });
    const touches = (a: typeof loose[0], b: typeof loose[0]) =>
      a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
    // the case under test happens in this photo: some loose rectangle reaches into a larger face
    expect(loose.some((r, i) => all.some((f, j) => j < i && touches(r, f.rectangle)))).toBe(true);
    const picked = await Promise.all(loose.map((r) => engine.embedLargest(group, r)));
    expect(picked.map((p) => p.face.rectangle)).toEqual(all.map((f) => f.rectangle));
  });

  it('answers NO_FACE when no face overlaps it', async () => {
    expect(await failureOf(engine.detect(group, { left: 0, top: 1400, width: 100, height: 100 }))).toBe('NO_FACE');
  });

  it.each([
    { left: -1, top: 0, width: 10, height: 10 },
    { left: 0, top: 0, width: 0, height: 10 },
    { left: 0, top: 0, width: 10, height: -5 },
    { left: 5000, top: 0, width: 10, height: 10 },
    { left: Number.NaN, top: 0, width: 10, height: 10 },
  ])('rejects %j with INVALID_RECTANGLE', async (rectangle) => {
    expect(await failureOf(engine.detect(group, rectangle))).toBe('INVALID_RECTANGLE');
    expect(await failureOf(engine.embedLargest(group, rectangle))).toBe('INVALID_RECTANGLE');
  });
});

describe('identity', () => {
  it('scores a face against its own mirrored and rescaled copies above 0.8, another person below', async () => {
    const face = await portrait();
    const [mine, mirrored, rescaled, other] = await Promise.all([
      engine.embedLargest(face),
      engine.embedLargest(await sharp(face).flop().png().toBuffer()),
      engine.embedLargest(await sharp(face).resize(300).jpeg({ quality: 85 }).toBuffer()),
      engine.embedLargest(await otherPortrait()),
    ]);
    expect(mine.embedding).toHaveLength(engine.embeddingSize);
    expect(Math.hypot(...mine.embedding)).toBeCloseTo(1, 5);
    const same1 = engine.similarity(mine.embedding, mirrored.embedding);
    const same2 = engine.similarity(mine.embedding, rescaled.embedding);
    const different = engine.similarity(mine.embedding, other.embedding);
    expect(same1).toBeGreaterThan(0.8);
    expect(same2).toBeGreaterThan(0.8);
    expect(different).toBeLessThan(0.8);
    expect(Math.min(same1, same2)).toBeGreaterThan(different);
  });

  it('calibrate is strictly increasing over the whole cosine range, bounded in [0, 1], 1 only at cosine 1', () => {
    let previous = -Infinity;
    for (let step = 0; step <= 20000; step++) {
      const s = engine.calibrate(-1 + step / 10000);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
      if (step > 0) expect(s).toBeGreaterThan(previous);
      previous = s;
    }
    expect(engine.calibrate(1)).toBe(1);
    expect(engine.calibrate(0.999)).toBeLessThan(1);
    expect(engine.calibrate(Number.NaN)).toBe(0);
  });

  it('scores a photo against itself 1.0 (a re-encoded copy just below), as the only kind of pair that reaches it', async () => {
    const face = await portrait();
    const [once, again, copy] = await Promise.all([
      engine.embedLargest(face),
      engine.embedLargest(face),
      engine.embedLargest(await sharp(face).jpeg({ quality: 90 }).toBuffer()),
    ]);
    expect(engine.similarity(once.embedding, again.embedding)).toBeGreaterThan(0.9999);
    const reencoded = engine.similarity(once.embedding, copy.embedding);
    expect(reencoded).toBeGreaterThan(0.9);
    expect(reencoded).toBeLessThan(engine.similarity(once.embedding, again.embedding));
  });
});

describe('inputs without a usable face', () => {
  it.each<[string, ImageFailure, () => Promise<Buffer>]>([
    ['garbage bytes', 'UNSUPPORTED_IMAGE_FORMAT', async () => Buffer.from('not an image at all, just words')],
    ['a WebP photo', 'UNSUPPORTED_IMAGE_FORMAT', async () => sharp(await portrait()).webp().toBuffer()],
    ['a truncated JPEG', 'INVALID_IMAGE_DATA', async () => (await sharp(await portrait()).jpeg().toBuffer()).subarray(0, 3000)],
    ['a blank image', 'NO_FACE', () => plain(400, 300).jpeg().toBuffer()],
    ['a face of about 25 pixels', 'FACE_TOO_SMALL', async () => sharp(await portrait()).resize(40).png().toBuffer()],
    ['an image of 8 MB', 'IMAGE_TOO_LARGE', async () => Buffer.concat([await sharp(await portrait()).jpeg().toBuffer(), Buffer.alloc(8 * 1024 * 1024)])],
  ])('%s → %s for detect, embedLargest and quality', async (_name, expected, make) => {
    const bytes = await make();
    expect(await failureOf(engine.detect(bytes))).toBe(expected);
    expect(await failureOf(engine.embedLargest(bytes))).toBe(expected);
    expect(await failureOf(engine.quality(bytes))).toBe(expected);
  });
});

describe('lifecycle', () => {
  it('serves many concurrent requests through the pool and refuses work after close', async () => {
    const local = await createFaceEngine({ workers: 1 });
    const face = await portrait();
    const results = await Promise.all(Array.from({ length: 4 }, () => local.detect(face)));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    await local.close();
    await expect(local.detect(face)).rejects.toThrow(/closed/);
  });
});
