import { MAX_IMAGE_BYTES } from '../../src/face-api-contract';
import { ImageError } from '../../src/local-face-api/engine';
import { analyseImage, decodeBase64Image } from '../../src/local-face-api/images';

function failureOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ImageError) return error.failure;
    throw error;
  }
  return undefined;
}

describe('decodeBase64Image', () => {
  const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0xfb, 0xef]);

  it('decodes standard base64, padded or not, and the URL-safe alphabet', () => {
    const standard = bytes.toString('base64');
    expect(decodeBase64Image(standard)).toEqual(bytes);
    expect(decodeBase64Image(standard.replace(/=+$/, ''))).toEqual(bytes);
    expect(decodeBase64Image(bytes.toString('base64url'))).toEqual(bytes);
  });

  it.each([
    ['empty data', ''],
    ['foreign characters', '/9j/4A!AQ+8='],
    ['embedded whitespace', '/9j/ 4AAQ+8='],
    ['an impossible length', '/9j/4'],
  ])('refuses %s as INVALID_IMAGE_DATA', (_, data) => {
    expect(failureOf(() => decodeBase64Image(data))).toBe('INVALID_IMAGE_DATA');
  });

  it('refuses 8 MB or more before decoding, accepts just under', () => {
    const limit = 'A'.repeat(Math.ceil((MAX_IMAGE_BYTES * 4) / 3));
    expect(failureOf(() => decodeBase64Image(limit))).toBe('IMAGE_TOO_LARGE');
    const under = Buffer.alloc(MAX_IMAGE_BYTES - 1).toString('base64');
    expect(decodeBase64Image(under).length).toBe(MAX_IMAGE_BYTES - 1);
  });
});

describe('analyseImage', () => {
  it('turns an ImageError into a per-image result and passes other errors on', async () => {
    const outcome = await analyseImage({ data: 'AAAA' }, async () => {
      throw new ImageError('NO_FACE', 'no face found');
    });
    expect(outcome).toEqual({ ok: false, result: { code: 1004, message: 'no face found', internal_code: 1004 } });
    await expect(
      analyseImage({ data: 'AAAA' }, async () => {
        throw new Error('engine crashed');
      }),
    ).rejects.toThrow('engine crashed');
  });
});
