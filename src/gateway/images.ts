/**
 * ImageInput → the image sent upstream. Everything knowable without reading a file is checked up front
 * (exactly one of file/base64, base64 syntax and size, rectangle); uploads are streamed into the upstream
 * body later and checked for size while streaming (see uploads.ts).
 */
import type { FileUpload } from 'graphql-upload-minimal';
import { decodedBase64Length, MAX_IMAGE_BYTES } from '../face-api-contract';
import type { OutgoingImage } from '../upstream/client';
import { StreamedBase64 } from '../upstream/json-stream';
import { checkRectangleBounds } from './argument-bounds';
import { badUserInput } from './errors';
import type { ImageWithRegion } from './schema/shared/inputs';
import type { UploadQueue } from './uploads';

/** The upstream takes images strictly below 8 MB. */
export const MAX_IMAGE_BYTES_ACCEPTED = MAX_IMAGE_BYTES - 1;

const DATA_URI_PREFIX = /^data:[\w/+.-]*;base64,/;
// one unanchored character-class scan: ~5x faster than an anchored whole-string pattern on 10 MB of text
const NOT_BASE64 = /[^A-Za-z0-9+/=]/;

/** Normalised base64 text (prefix and whitespace removed), or a BAD_USER_INPUT error. */
export function checkBase64(raw: string, label: string): string {
  const invalid = () => badUserInput(`${label}: base64 is not valid base64`);
  let text = raw.replace(DATA_URI_PREFIX, '');
  if (NOT_BASE64.test(text)) {
    // line-wrapped base64 (MIME style) is fine; anything else is not
    text = text.replace(/\s+/g, '');
    if (NOT_BASE64.test(text)) throw invalid();
  }
  if (text.length === 0) throw badUserInput(`${label}: base64 is empty`);
  const padding = text.indexOf('=');
  if (padding !== -1 && (padding < text.length - 2 || !/^=+$/.test(text.slice(padding)))) throw invalid();
  if (text.length % 4 === 1) throw invalid();
  const bytes = decodedBase64Length(text);
  if (bytes > MAX_IMAGE_BYTES_ACCEPTED) {
    throw badUserInput(`${label}: image is ${bytes} bytes; images must be smaller than ${MAX_IMAGE_BYTES} bytes (8 MB)`);
  }
  return text;
}

/**
 * Validates one ImageInput (with the region given next to it) and prepares it for sending; `label` names it in
 * errors (e.g. "features[3].image"). Exactly-one-of is enforced by `@oneOf` during validation, and again here.
 */
export function toOutgoingImage(input: ImageWithRegion, label: string, uploads: UploadQueue): OutgoingImage {
  const hasFile = input.file !== undefined && input.file !== null;
  const hasBase64 = input.base64 !== undefined && input.base64 !== null;
  if (hasFile === hasBase64) {
    throw badUserInput(`${label}: give exactly one of "file" or "base64"`, { argument: label });
  }
  if (input.rectangle) checkRectangleBounds(input.rectangle, label);
  const data = hasBase64
    ? checkBase64(input.base64 as string, label)
    : new StreamedBase64(uploads.track(input.file as Promise<FileUpload>, label), MAX_IMAGE_BYTES_ACCEPTED, label);
  return input.rectangle ? { data, rectangle: { ...input.rectangle } } : { data };
}
