/**
 * The lfw-dev photo set (../shared/datasets/lfw-dev, labels.csv: file,identity,role) and its embeddings,
 * shared by the calibration script and the identification benchmark.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createFaceEngine, ImageError, type FaceEngine } from '../../src/local-face-api/engine';

export const LFW_DIR = path.resolve(__dirname, '../../../shared/datasets/lfw-dev');

export interface Photo {
  file: string;
  identity: string;
  role: 'enrolled' | 'distractor';
}

export interface EmbeddedPhoto extends Photo {
  /** undefined when no usable face was found */
  embedding?: Float32Array;
  failure?: string;
}

export function loadLabels(): Photo[] {
  const csv = path.join(LFW_DIR, 'labels.csv');
  if (!fs.existsSync(csv)) {
    console.error(`lfw-dev not found at ${LFW_DIR}: this measurement needs ../shared/datasets/lfw-dev`);
    process.exit(2);
  }
  return fs
    .readFileSync(csv, 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [file, identity, role] = line.split(',');
      return { file, identity, role: role as Photo['role'] };
    });
}

/** People with ≥ 2 photos split deterministically: the first `benchPeople` (by a name hash) are the bench's. */
export function splitPeople(photos: Photo[], benchPeople: number): { bench: Set<string>; calibration: Set<string> } {
  const names = [...new Set(photos.filter((p) => p.role === 'enrolled').map((p) => p.identity))];
  names.sort((a, b) => hash(a) - hash(b) || a.localeCompare(b));
  return { bench: new Set(names.slice(0, benchPeople)), calibration: new Set(names.slice(benchPeople)) };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Embeds every photo with the engine (all workers busy). EMBEDDINGS_CACHE=<file> reuses a previous run's
 * embeddings, for iterating on the analysis only; figures for publication are measured without it.
 */
export async function embedPhotos(photos: Photo[], engine?: FaceEngine): Promise<{ results: EmbeddedPhoto[]; seconds: number }> {
  const cacheFile = process.env.EMBEDDINGS_CACHE;
  if (cacheFile && fs.existsSync(cacheFile)) {
    const cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as Record<string, number[] | string>;
    return {
      results: photos.map((p) => {
        const v = cached[p.file];
        return typeof v === 'string' ? { ...p, failure: v } : { ...p, embedding: Float32Array.from(v) };
      }),
      seconds: NaN,
    };
  }
  const own = engine ?? (await createFaceEngine());
  const started = process.hrtime.bigint();
  let done = 0;
  const results = await Promise.all(
    photos.map(async (p): Promise<EmbeddedPhoto> => {
      try {
        const { embedding } = await own.embedLargest(fs.readFileSync(path.join(LFW_DIR, p.file)));
        return { ...p, embedding };
      } catch (error) {
        if (!(error instanceof ImageError)) throw error;
        return { ...p, failure: error.failure };
      } finally {
        if (++done % 500 === 0) process.stderr.write(`  embedded ${done}/${photos.length}\n`);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!engine) await own.close();
  if (cacheFile) {
    const out: Record<string, number[] | string> = {};
    for (const r of results) out[r.file] = r.embedding ? Array.from(r.embedding) : (r.failure ?? 'NO_FACE');
    fs.writeFileSync(cacheFile, JSON.stringify(out));
  }
  return { results, seconds };
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function pct(x: number): string {
  return `${(100 * x).toFixed(2)}%`;
}
