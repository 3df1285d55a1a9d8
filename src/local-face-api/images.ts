import { decodedBase64Length, ErrorCodes, MAX_IMAGE_BYTES, type WireImage, type WireResult } from '../face-api-contract';
import { ImageError, type ImageFailure, type Rectangle } from './engine';

/**
 * Per-image work: base64 decoding with the contract's size rule, and the mapping of an image's failure to
 * its `results[i]` entry (HTTP 200), so that one bad image never fails the whole batch.
 */

export const SUCCESS_RESULT: WireResult = { code: ErrorCodes.SUCCESS, message: 'Success.', internal_code: 0 };

/** Engine failures → contract codes. internal_code repeats the code: there is no finer backend code here. */
const FAILURE_CODES: Record<ImageFailure, number> = {
  INVALID_IMAGE_DATA: ErrorCodes.INVALID_IMAGE_DATA,
  UNSUPPORTED_IMAGE_FORMAT: ErrorCodes.UNSUPPORTED_IMAGE_FORMAT,
  IMAGE_TOO_LARGE: ErrorCodes.IMAGE_TOO_LARGE,
  NO_FACE: ErrorCodes.NO_FACE,
  FACE_TOO_SMALL: ErrorCodes.FACE_TOO_SMALL,
  INVALID_RECTANGLE: ErrorCodes.INVALID_RECTANGLE,
};

export function failureResult(code: number, message: string): WireResult {
  return { code, message, internal_code: code };
}

/**
 * Decodes base64 (standard or URL-safe alphabet, padding optional). Node's decoder silently skips foreign
 * characters, so a decoded length short of the expected one reveals them.
 */
export function decodeBase64Image(data: string): Buffer {
  if (data.length === 0) throw new ImageError('INVALID_IMAGE_DATA', 'image data is empty');
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  const expectedBytes = decodedBase64Length(data);
  if (expectedBytes >= MAX_IMAGE_BYTES) {
    throw new ImageError('IMAGE_TOO_LARGE', `image is ${expectedBytes} bytes, it must be under ${MAX_IMAGE_BYTES}`);
  }
  const bytes = Buffer.from(data, 'base64');
  if ((data.length - padding) % 4 === 1 || bytes.length !== expectedBytes) {
    throw new ImageError('INVALID_IMAGE_DATA', 'image data is not valid base64');
  }
  return bytes;
}

export type ImageOutcome<T> = { ok: true; value: T; result: WireResult } | { ok: false; result: WireResult };

/** Decodes the image and runs `analyse`; an ImageError becomes a per-image result, anything else propagates. */
export async function analyseImage<T>(
  image: WireImage,
  analyse: (bytes: Buffer, rectangle?: Rectangle) => Promise<T>,
): Promise<ImageOutcome<T>> {
  try {
    const value = await analyse(decodeBase64Image(image.data), image.rectangle ?? undefined);
    return { ok: true, value, result: SUCCESS_RESULT };
  } catch (error) {
    if (!(error instanceof ImageError)) throw error;
    return { ok: false, result: failureResult(FAILURE_CODES[error.failure], error.message) };
  }
}
