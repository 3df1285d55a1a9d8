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
  const [, ...rows] = readFileSync(labels, 'utf8').trim().split('\n');
  return rows.map((row) => {
    const [file, identity, role] = row.split(',');
    return { file, identity, role };
  });
}

export function lfwPhoto(photo: LabelledPhoto): Buffer {
  return readFileSync(join(LFW_DIR, photo.file));
}

export const base64 = (bytes: Buffer) => bytes.toString('base64');
