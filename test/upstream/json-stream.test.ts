/** Streamed JSON bodies: identical to JSON.stringify of the buffered equivalent, size-checked, never truncated. */
import { randomBytes } from 'node:crypto';
import { StreamedBase64, coalesce, containsStream, jsonChunks } from '../../src/upstream/json-stream';
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
  const chunks: Buffer[] = [];
  for await (const chunk of coalesce(jsonChunks(value), 1000)) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
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
