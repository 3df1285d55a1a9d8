/**
 * Image decoding: the format is sniffed from the bytes (never a file name), EXIF orientation is applied so that
 * every coordinate refers to the image as displayed, and oversized inputs are refused before or while decoding.
 */
import sharp from 'sharp';
import * as bmp from 'bmp-js';
import { MAX_IMAGE_BYTES } from '../../../face-api-contract';
import { ImageError } from '../types';
import type { RgbImage } from '../geometry/image';

/** Decompression-bomb guard: more pixels than a 50-megapixel photo are refused. */
const MAX_INPUT_PIXELS = 50_000_000;

type ImageFormat = 'jpeg' | 'png' | 'gif' | 'bmp' | 'tiff';

const SIGNATURES: Array<{ format: ImageFormat; bytes: number[] }> = [
  { format: 'jpeg', bytes: [0xff, 0xd8, 0xff] },
  { format: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { format: 'gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { format: 'bmp', bytes: [0x42, 0x4d] },
  { format: 'tiff', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { format: 'tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
];

export function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  return SIGNATURES.find(({ bytes: sig }) => sig.every((b, i) => bytes[i] === b))?.format;
}

export async function decodeImage(bytes: Buffer): Promise<RgbImage> {
  if (bytes.length >= MAX_IMAGE_BYTES) {
    throw new ImageError('IMAGE_TOO_LARGE', `image is ${bytes.length} bytes; the limit is below ${MAX_IMAGE_BYTES}`);
  }
  const format = sniffFormat(bytes);
  if (!format) {
    throw new ImageError('UNSUPPORTED_IMAGE_FORMAT', 'image format not recognised; send JPG, PNG, BMP, TIFF or GIF');
  }
  try {
    return format === 'bmp' ? decodeBmp(bytes) : await decodeWithSharp(bytes);
  } catch (error) {
    if (error instanceof ImageError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/pixel limit/i.test(message)) {
      throw new ImageError('IMAGE_TOO_LARGE', `image has more than ${MAX_INPUT_PIXELS} pixels`);
    }
    throw new ImageError('INVALID_IMAGE_DATA', `${format} image could not be decoded: ${message}`);
  }
}

async function decodeWithSharp(bytes: Buffer): Promise<RgbImage> {
  // failOn 'error' rejects truncated files instead of returning a half-grey picture; pages 1 = first GIF frame.
  const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1 })
    .autoOrient()
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`unexpected ${info.channels} channels`);
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

function decodeBmp(bytes: Buffer): RgbImage {
  const width = bytes.readInt32LE(18);
  const height = Math.abs(bytes.readInt32LE(22));
  if (width <= 0 || height <= 0 || width * height > MAX_INPUT_PIXELS) {
    throw new ImageError('IMAGE_TOO_LARGE', `BMP of ${width}×${height} pixels exceeds the pixel limit`);
  }
  const decoded = bmp.decode(bytes);
  const rgb = new Uint8Array(decoded.width * decoded.height * 3);
  for (let i = 0, o = 0; o < rgb.length; i += 4, o += 3) {
    rgb[o] = decoded.data[i + 3];
    rgb[o + 1] = decoded.data[i + 2];
    rgb[o + 2] = decoded.data[i + 1];
  }
  return { width: decoded.width, height: decoded.height, data: rgb };
}

/** The image shrunk so that its longer side is at most `maxSide` (the same object when it already is). */
export async function downscale(image: RgbImage, maxSide: number): Promise<RgbImage> {
  if (Math.max(image.width, image.height) <= maxSide) return image;
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(maxSide, maxSide, { fit: 'inside' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
