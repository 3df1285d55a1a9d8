import sharp from 'sharp';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Real photos: the face-api demo samples shipped by npm (always present) and LFW when ../shared/datasets exists. */

const ROOT = join(__dirname, '..', '..', '..');
const SAMPLES = join(ROOT, 'node_modules', '@vladmandic', 'face-api', 'demo');

/** sample1..6.jpg: group photos with 3–5 faces each. */
export function samplePhoto(n: number): Buffer {
  return readFileSync(join(SAMPLES, `sample${n}.jpg`));
}

export const LFW_DIR = join(ROOT, '..', 'shared', 'datasets', 'lfw-dev');

export interface LabelledPhoto {
  file: string;
  identity: string;
  role: string;
}

/** LFW labels, or undefined (with the reason logged) when the dataset is absent. */
export function lfwPhotos(): LabelledPhoto[] | undefined {
  const labels = join(LFW_DIR, 'labels.csv');
  if (!existsSync(labels)) {
    console.warn(`LFW tests skipped: ${labels} is absent (the datasets live in ../shared/datasets)`);
    return undefined;
  }
  const [, ...rows] = readFileSync(labels, 'utf8').trim().split(/\r?\n/);
  return rows.map((row) => {
    const [file, identity, role] = row.split(',');
    return { file, identity, role };
  });
}

export function lfwPhoto(photo: LabelledPhoto): Buffer {
  return readFileSync(join(LFW_DIR, photo.file));
}

export const base64 = (bytes: Buffer) => bytes.toString('base64');

/**
 * Single-face photos cut from a demo sample around each detected face (with a margin), largest face first:
 * real faces, small enough that the engine analyses them quickly.
 */
export async function faceCrops(
  detect: (image: Buffer) => Promise<Array<{ rectangle: { left: number; top: number; width: number; height: number } }>>,
  sample: number,
): Promise<Buffer[]> {
  const photo = samplePhoto(sample);
  const { width = 0, height = 0 } = await sharp(photo).metadata();
  const faces = await detect(photo);
  return Promise.all(
    faces.map(({ rectangle: r }) => {
      const margin = Math.round(r.width * 0.6);
      const left = Math.max(0, r.left - margin);
      const top = Math.max(0, r.top - margin);
      const region = {
        left,
        top,
        width: Math.min(width, r.left + r.width + margin) - left,
        height: Math.min(height, r.top + r.height + margin) - top,
      };
      return sharp(photo).extract(region).jpeg({ quality: 92 }).toBuffer();
    }),
  );
}

/** A real PNG without any face: a flat grey square. */
export function blankPng(size = 96): Promise<Buffer> {
  return sharp({ create: { width: size, height: size, channels: 3, background: '#808080' } }).png().toBuffer();
}

/** The same photo, re-encoded smaller and at lower JPEG quality: same face, different pixels. */
export function variant(photo: Buffer): Promise<Buffer> {
  return sharp(photo)
    .metadata()
    .then(({ width = 200 }) => sharp(photo).resize(Math.round(width * 0.8)).modulate({ brightness: 1.1 }).jpeg({ quality: 70 }).toBuffer());
}
