import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { seededRandom } from '../../test/local-face-api/support/vectors';
import { MB } from './stats';

/**
 * The 16 large photos of scenario (c), made from an npm-shipped face photo: upscaled, with per-pixel noise
 * (so they do not compress away and each one is different), alternately JPEG and PNG, each 4.3–7.5 MB
 * (under the 8 MB limit), ≥ 64 MB in all. Generated once and cached in the OS temp dir (never in the repo).
 */

export const FACE_PHOTO = join(__dirname, '..', '..', 'node_modules', '@vladmandic', 'face-api', 'demo', 'sample1.jpg');

export interface Photo {
  path: string;
  bytes: number;
  mimeType: 'image/jpeg' | 'image/png';
}

const COUNT = 16;
const TARGET_BYTES = 5.2 * MB;
const MIN_BYTES = 4.3 * MB;
const MAX_BYTES = 7.5 * MB;
const CACHE_DIR = join(tmpdir(), 'face-bench-photos-v2');

async function render(index: number, scale: number): Promise<Buffer> {
  const source = await sharp(FACE_PHOTO).metadata();
  const width = Math.round(source.width! * scale);
  const height = Math.round(source.height! * scale);
  const { data, info } = await sharp(FACE_PHOTO).resize(width, height).raw().toBuffer({ resolveWithObject: true });
  // deterministic noise, so a regenerated set is the same set
  const random = seededRandom(index + 1);
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, data[i] + Math.round((random() - 0.5) * 24)));
  const image = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  return index % 2 === 0 ? image.jpeg({ quality: 95 }).toBuffer() : image.png({ compressionLevel: 6 }).toBuffer();
}

/** Renders one photo, adjusting the scale until its size is in range. */
async function renderInRange(index: number): Promise<Buffer> {
  // JPEG compresses better than PNG: it needs a larger picture for the same size
  let scale = index % 2 === 0 ? 1.6 : 1.1;
  for (let attempt = 0; attempt < 6; attempt++) {
    const bytes = await render(index, scale);
    if (bytes.length >= MIN_BYTES && bytes.length <= MAX_BYTES) return bytes;
    scale *= Math.sqrt(TARGET_BYTES / bytes.length);
  }
  throw new Error(`could not render photo ${index} between ${MIN_BYTES} and ${MAX_BYTES} bytes`);
}

export async function prepareUploadPhotos(log: (line: string) => void): Promise<Photo[]> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const photos: Photo[] = [];
  for (let index = 0; index < COUNT; index++) {
    const mimeType = index % 2 === 0 ? 'image/jpeg' : 'image/png';
    const path = join(CACHE_DIR, `photo-${String(index).padStart(2, '0')}.${mimeType === 'image/jpeg' ? 'jpg' : 'png'}`);
    if (!existsSync(path)) {
      if (index === 0) log(`  (c) generating ${COUNT} large photos in ${CACHE_DIR} (once)`);
      writeFileSync(path, await renderInRange(index));
    }
    photos.push({ path, bytes: statSync(path).size, mimeType });
  }
  const total = photos.reduce((sum, photo) => sum + photo.bytes, 0);
  if (total < 64 * MB) throw new Error(`upload photos total ${(total / MB).toFixed(1)} MB, expected ≥ 64 MB`);
  return photos;
}

/** A small (640 px wide, tens of KB) version of the face photo, for warm-ups that must not grow the heap much. */
export async function prepareSmallPhoto(): Promise<Photo> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const path = join(CACHE_DIR, 'small.jpg');
  if (!existsSync(path)) writeFileSync(path, await sharp(FACE_PHOTO).resize(640).jpeg({ quality: 85 }).toBuffer());
  return { path, bytes: statSync(path).size, mimeType: 'image/jpeg' };
}

export function readBase64(path: string): string {
  return readFileSync(path).toString('base64');
}
