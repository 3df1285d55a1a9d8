/** Decoding rules of the engine: formats by content, EXIF orientation, and a clear ImageError for each bad input. */
import * as zlib from 'zlib';
import sharp, { type Sharp } from 'sharp';
import { MAX_IMAGE_BYTES } from '../../../src/face-api-contract';
import { decodeImage, sniffFormat } from '../../../src/local-face-api/engine/analysis/decode';
import { ImageError, type ImageFailure } from '../../../src/local-face-api/engine';
import { plain, portrait, toBmp } from './fixtures';

/** A PNG whose header announces a huge image: decoding it would need gigabytes. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const idat = zlib.deflateSync(Buffer.alloc(1000));
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

async function failure(bytes: Buffer): Promise<ImageFailure> {
  try {
    await decodeImage(bytes);
  } catch (error) {
    if (error instanceof ImageError) return error.failure;
    throw error;
  }
  throw new Error('decoded without error');
}

describe('decodeImage', () => {
  let png: Buffer;
  beforeAll(async () => {
    png = await portrait();
  });

  it.each([
    ['jpeg', (i: Sharp) => i.jpeg()],
    ['png', (i: Sharp) => i.png()],
    ['tiff', (i: Sharp) => i.tiff()],
    ['gif', (i: Sharp) => i.gif()],
  ])('decodes %s by its content, whatever it is called', async (format, encode) => {
    const bytes = await encode(sharp(png)).toBuffer();
    expect(sniffFormat(bytes)).toBe(format);
    const image = await decodeImage(bytes);
    expect([image.width, image.height, image.data.length]).toEqual([380, 380, 380 * 380 * 3]);
  });

  it('decodes a 24-bit BMP with the right colours', async () => {
    const bytes = await toBmp(await plain(7, 5, { r: 250, g: 20, b: 90 }).png().toBuffer());
    expect(sniffFormat(bytes)).toBe('bmp');
    const image = await decodeImage(bytes);
    expect([image.width, image.height]).toEqual([7, 5]);
    expect(Array.from(image.data.slice(0, 3))).toEqual([250, 20, 90]);
  });

  it('reads only the first frame of an animated GIF', async () => {
    const red = await plain(8, 8, { r: 255, g: 0, b: 0 }).raw().toBuffer();
    const blue = await plain(8, 8, { r: 0, g: 0, b: 255 }).raw().toBuffer();
    const gif = await sharp(Buffer.concat([red, blue]), { raw: { width: 8, height: 16, channels: 3, pageHeight: 8 } })
      .gif()
      .toBuffer();
    expect((await sharp(gif, { pages: -1 }).metadata()).pages).toBe(2);
    const image = await decodeImage(gif);
    expect([image.width, image.height]).toEqual([8, 8]);
    expect(image.data[0]).toBeGreaterThan(200);
    expect(image.data[2]).toBeLessThan(50);
  });

  it('applies EXIF orientation: coordinates are those of the displayed image', async () => {
    // stored 40 wide × 20 high, tagged "rotate 90° clockwise to display" → displayed 20 × 40
    const stored = await plain(40, 20).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const image = await decodeImage(stored);
    expect([image.width, image.height]).toEqual([20, 40]);
  });

  it.each<[string, ImageFailure, () => Promise<Buffer> | Buffer]>([
    ['empty bytes', 'UNSUPPORTED_IMAGE_FORMAT', () => Buffer.alloc(0)],
    ['random bytes', 'UNSUPPORTED_IMAGE_FORMAT', () => Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251))],
    ['a text file', 'UNSUPPORTED_IMAGE_FORMAT', () => Buffer.from('name,score\nalice,1\n')],
    ['a WebP image', 'UNSUPPORTED_IMAGE_FORMAT', () => plain(32, 32).webp().toBuffer()],
    ['a truncated JPEG', 'INVALID_IMAGE_DATA', async () => (await sharp(png).jpeg().toBuffer()).subarray(0, 2000)],
    ['a PNG signature followed by garbage', 'INVALID_IMAGE_DATA', () => Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(100, 7)])],
    ['a BMP header alone', 'INVALID_IMAGE_DATA', () => Buffer.from('BM')],
    ['8 MB of bytes', 'IMAGE_TOO_LARGE', () => Buffer.concat([Buffer.from('ffd8ff', 'hex'), Buffer.alloc(MAX_IMAGE_BYTES)])],
    ['a decompression bomb (PNG header announcing 30000×30000 pixels)', 'IMAGE_TOO_LARGE', () => pngHeaderOnly(30000, 30000)],
  ])('%s → %s', async (_name, expected, make) => {
    expect(await failure(await make())).toBe(expected);
  });
});
