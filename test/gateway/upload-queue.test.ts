/**
 * UploadQueue against streams that behave like busboy's: a part is only reached once the part before it is
 * read, and a file cut at the size limit ends normally with `truncated` set.
 */
import { PassThrough, Readable } from 'node:stream';
import type { FileUpload } from 'graphql-upload-minimal';
import { MAX_OUT_OF_ORDER_BYTES, UploadQueue } from '../../src/gateway/uploads';

function upload(stream: Readable): FileUpload {
  return { filename: 'f', mimetype: 'image/jpeg', encoding: '7bit', fieldName: '0', createReadStream: () => stream as never } as FileUpload;
}

async function read(bytes: () => AsyncGenerator<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of bytes()) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}

/** Two parts in one body: the second only "arrives" after the first has been read to its end. */
function sequentialParts(first: string, second: string) {
  const firstStream = new PassThrough({ highWaterMark: 4 });
  const secondStream = new PassThrough({ highWaterMark: 4 });
  let arriveSecond!: (file: FileUpload) => void;
  const secondArrived = new Promise<FileUpload>((resolve) => (arriveSecond = resolve));
  firstStream.on('end', () => {
    arriveSecond(upload(secondStream));
    secondStream.end(second);
  });
  firstStream.end(first);
  return { first: Promise.resolve(upload(firstStream)), second: secondArrived };
}

test('parts read in order stream straight through', async () => {
  const parts = sequentialParts('aaaa-first', 'bbbb-second');
  const queue = new UploadQueue();
  const first = queue.track(parts.first, 'images[0]');
  const second = queue.track(parts.second, 'images[1]');
  expect(await read(first)).toBe('aaaa-first');
  expect(await read(second)).toBe('bbbb-second');
});

test('needing the later part first buffers the earlier one instead of stalling', async () => {
  const parts = sequentialParts('aaaa-first', 'bbbb-second');
  const queue = new UploadQueue();
  const first = queue.track(parts.first, 'images[0]');
  const second = queue.track(parts.second, 'images[1]');
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('stalled')), 2000)));
  try {
    expect(await Promise.race([read(second), stalled])).toBe('bbbb-second');
  } finally {
    clearTimeout(timer);
  }
  expect(await read(first)).toBe('aaaa-first');
});

test('a stream that busboy truncated at the limit is an error, not a shorter image', async () => {
  const stream = Readable.from([Buffer.from('cut here')]) as Readable & { truncated?: boolean };
  stream.on('end', () => (stream.truncated = true));
  const queue = new UploadQueue();
  await expect(read(queue.track(Promise.resolve(upload(stream)), 'features[3].image'))).rejects.toThrow(
    'features[3].image: image exceeds 8388607 bytes (images must be smaller than 8 MB)',
  );
});

test('an upload that never came or failed names the image', async () => {
  const queue = new UploadQueue();
  await expect(read(queue.track(Promise.reject(new Error('File missing in the request.')), 'one'))).rejects.toThrow(
    'one: File missing in the request.',
  );
  const broken = new Readable({
    read() {
      this.destroy(new Error('Request disconnected during file upload stream parsing.'));
    },
  });
  await expect(read(queue.track(Promise.resolve(upload(broken)), 'another'))).rejects.toThrow(
    'another: upload failed: Request disconnected during file upload stream parsing.',
  );
});

test('out-of-order files beyond the per-request bound fail the request instead of filling memory', async () => {
  const queue = new UploadQueue();
  // three 12 MB parts (as busboy would never allow, but the bound is what is tested) ahead of the one needed
  const early = [0, 1, 2].map(() => queue.track(Promise.resolve(upload(Readable.from([Buffer.alloc(12 * 1024 * 1024)]))), 'early'));
  const needed = queue.track(new Promise<FileUpload>(() => undefined), 'features[0].image');
  await expect(read(needed)).rejects.toThrow(
    `features[0].image: more than ${MAX_OUT_OF_ORDER_BYTES} bytes of files arrived before the file needed: send files in the order of the variables`,
  );
  expect(early).toHaveLength(3);
});
