/** Streamed JSON bodies: identical to JSON.stringify of the buffered equivalent, size-checked, never truncated. */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { BODY_CHUNK_CHARS, RAW_PIECE_BYTES, StreamedBase64, coalesce, containsStream, jsonChunks, streamedJsonBody } from '../../src/upstream/json-stream';
import { ImageInputError } from '../../src/upstream/errors';

async function* pieces(bytes: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  let offset = 0;
  for (let i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length];
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

async function text(value: unknown): Promise<string> {
  let joined = '';
  for await (const chunk of coalesce(jsonChunks(value), 1000)) joined += chunk;
  return joined;
}

test.each([[[1]], [[2, 5]], [[3]], [[4096, 7, 1]], [[100000]]])('base64 of a stream split as %j equals Buffer base64', async (sizes) => {
  const bytes = randomBytes(10007);
  const body = {
    images: [
      { image: { data: new StreamedBase64(() => pieces(bytes, sizes), 20000, 'a'), rectangle: { top: 1, left: 2, width: 3, height: 4 } }, extra_info: 'é"\n' },
      { image: { data: 'QUJD' }, extra_info: undefined },
    ],
    skipped: undefined,
    n: null,
  };
  const expected = JSON.stringify({
    images: [
      { image: { data: bytes.toString('base64'), rectangle: { top: 1, left: 2, width: 3, height: 4 } }, extra_info: 'é"\n' },
      { image: { data: 'QUJD' } },
    ],
    n: null,
  });
  expect(await text(body)).toBe(expected);
  expect(containsStream(body)).toBe(true);
  expect(containsStream({ a: ['x', { b: 1 }] })).toBe(false);
});

test('one byte over the limit fails instead of sending a truncated image', async () => {
  const bytes = randomBytes(101);
  const body = { image: { data: new StreamedBase64(() => pieces(bytes, [10]), 100, 'features[2].image') } };
  await expect(text(body)).rejects.toThrow(new ImageInputError('features[2].image: image exceeds 100 bytes (images must be smaller than 8 MB)'));
  await expect(text({ image: { data: new StreamedBase64(() => pieces(randomBytes(100), [10]), 100, 'x') } })).resolves.toContain('"data":"');
});

test('an empty file is an error', async () => {
  await expect(text({ data: new StreamedBase64(() => pieces(Buffer.alloc(0), [1]), 100, 'image') })).rejects.toThrow('image is empty');
});

test('photos larger than one encoded piece: identical base64, sent in strings of about one piece each', async () => {
  const photos = [randomBytes(2 * RAW_PIECE_BYTES + 12345), randomBytes(RAW_PIECE_BYTES), randomBytes(5)];
  const body = { images: photos.map((bytes, i) => ({ image: { data: new StreamedBase64(() => pieces(bytes, [65536, 1, 40000]), 1e8, `p${i}`) } })) };
  const chunks: string[] = [];
  for await (const chunk of streamedJsonBody(body)) chunks.push(chunk as string);
  expect(chunks.join('')).toBe(JSON.stringify({ images: photos.map((bytes) => ({ image: { data: bytes.toString('base64') } })) }));
  // one string per encoded piece (the JSON around them joined in), none above the piece size: young garbage only
  expect(chunks.length).toBeLessThanOrEqual(2 * 6 + 1);
  for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(BODY_CHUNK_CHARS);
  expect(chunks.filter((chunk) => chunk.length === BODY_CHUNK_CHARS)).toHaveLength(3);
});

test('concurrent uploads encoded at once do not share a buffer', async () => {
  const photos = Array.from({ length: 12 }, (_, i) => randomBytes(RAW_PIECE_BYTES + 1000 * i + 1));
  const encode = async (bytes: Buffer, sizes: number[]) => {
    let text = '';
    // each piece is handed on after a turn of the event loop, so the encoders interleave
    const slow = async function* () {
      for await (const piece of pieces(bytes, sizes)) {
        await new Promise((resolve) => setImmediate(resolve));
        yield piece;
      }
    };
    for await (const chunk of jsonChunks(new StreamedBase64(slow, 1e8, 'x'))) text += chunk;
    return text;
  };
  const encoded = await Promise.all(photos.map((bytes, i) => encode(bytes, [50000 + i * 7919])));
  encoded.forEach((text, i) => expect(text).toBe(JSON.stringify(photos[i].toString('base64'))));
});

test('the body stream reads a piece or two ahead, not sixteen', async () => {
  let produced = 0;
  const photo = randomBytes(40 * RAW_PIECE_BYTES);
  const counted = async function* () {
    for await (const piece of pieces(photo, [65536])) {
      produced += piece.length;
      yield piece;
    }
  };
  const stream: Readable = streamedJsonBody({ data: new StreamedBase64(counted, 1e9, 'x') });
  await new Promise((resolve) => stream.once('data', resolve));
  stream.pause();
  await new Promise((resolve) => setTimeout(resolve, 50));
  // paused after one string: the one taken, two buffered, one being encoded, one upload chunk read ahead
  expect(produced).toBeLessThanOrEqual(4 * RAW_PIECE_BYTES + 65536);
  stream.destroy();
});

test('bytes already in memory are encoded with turns of the event loop in between, not in one stall', async () => {
  const photo = randomBytes(30 * RAW_PIECE_BYTES);
  const inMemory = async function* () {
    yield* [photo.subarray(0, photo.length / 2), photo.subarray(photo.length / 2)];
  };
  let pieces = 0;
  let piecesWhenTimerRan = -1;
  setImmediate(() => (piecesWhenTimerRan = pieces));
  for await (const _piece of jsonChunks(new StreamedBase64(inMemory, 1e9, 'x'))) pieces++;
  // without the turns every piece is produced by promise jobs alone and the timer runs after the last one
  expect(piecesWhenTimerRan).toBeGreaterThanOrEqual(0);
  expect(piecesWhenTimerRan).toBeLessThan(5);
});
