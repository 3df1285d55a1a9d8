/**
 * Fits the cosine → score calibration on lfw-dev and writes src/local-face-api/engine/analysis/calibration.json.
 * score s ↔ false-match rate 10^(−5s) up to 0.9: 0.2 ↔ 1e-1, 0.4 ↔ 1e-2, 0.6 ↔ 1e-3, 0.8 ↔ 1e-4, 0.9 ↔ 3.2e-5.
 * Above 0.9 too few impostor pairs remain to measure a rate: the score rises linearly to 1 at cosine 1 (an image
 * against itself), so that the map is strictly increasing over the whole cosine range and genuine pairs rank.
 * Fitted on the people NOT enrolled by the identification benchmark (disjoint identities); prints the
 * score → FMR/TAR table on the fitting people and on the benchmark's people (held out).
 * Usage: npm run calibrate [-- --dry-run]
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CalibrationFile } from '../../src/local-face-api/engine';
import { dot, embedPhotos, loadLabels, pct, splitPeople, type EmbeddedPhoto } from './dataset';

const OUTPUT = path.resolve(__dirname, '../../src/local-face-api/engine/analysis/calibration.json');
const BENCH_PEOPLE = 300;
const SCORES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];
/** the highest score that still maps to a measured false-match rate */
const TOP_MEASURED_SCORE = 0.9;
/** a score shown with two decimals reads 1.00 from here */
const SHOWN_AS_ONE = 0.995;
const fmrOf = (score: number) => 10 ** (-5 * score);

interface PairScores {
  impostor: Float64Array; // sorted ascending
  genuine: Float64Array;
}

function pairScores(photos: EmbeddedPhoto[]): PairScores {
  const usable = photos.filter((p) => p.embedding);
  const impostor: number[] = [];
  const genuine: number[] = [];
  for (let i = 0; i < usable.length; i++) {
    for (let j = i + 1; j < usable.length; j++) {
      const c = dot(usable[i].embedding!, usable[j].embedding!);
      (usable[i].identity === usable[j].identity ? genuine : impostor).push(c);
    }
  }
  return { impostor: Float64Array.from(impostor).sort(), genuine: Float64Array.from(genuine).sort() };
}

/** Lowest cosine whose share of impostor pairs at or above it is ≤ fmr. */
function thresholdFor(impostor: Float64Array, fmr: number): number {
  const allowed = Math.floor(fmr * impostor.length);
  if (allowed >= impostor.length) return impostor[0];
  return allowed === 0 ? impostor[impostor.length - 1] + 1e-6 : impostor[impostor.length - allowed];
}

function shareAtLeast(sorted: Float64Array, threshold: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < threshold) lo = mid + 1;
    else hi = mid;
  }
  return (sorted.length - lo) / sorted.length;
}

function printTable(title: string, pairs: PairScores, points: Array<[number, number]>): void {
  console.log(`\n${title}: ${pairs.impostor.length} impostor pairs, ${pairs.genuine.length} genuine pairs`);
  console.log('| score | cosine | target FMR | measured FMR | TAR (genuine pairs accepted) |');
  console.log('|---|---|---|---|---|');
  for (const s of SCORES) {
    const cosine = cosineForScore(points, s);
    const target = s <= TOP_MEASURED_SCORE + 1e-9 ? fmrOf(s).toExponential(1) : 'below';
    console.log(
      `| ${s.toFixed(2)} | ${cosine.toFixed(4)} | ${target} | ${shareAtLeast(pairs.impostor, cosine).toExponential(2)} | ${pct(shareAtLeast(pairs.genuine, cosine))} |`,
    );
  }
  const top = cosineForScore(points, SHOWN_AS_ONE);
  console.log(`genuine pairs (different photos) scoring >= ${SHOWN_AS_ONE} (shown as 1.00): ${pct(shareAtLeast(pairs.genuine, top))}`);
}

function cosineForScore(points: Array<[number, number]>, score: number): number {
  const i = points.findIndex(([, s]) => s >= score);
  if (i <= 0) return points[Math.max(0, i)][0];
  const [c0, s0] = points[i - 1];
  const [c1, s1] = points[i];
  return c0 + ((score - s0) / (s1 - s0)) * (c1 - c0);
}

async function main(): Promise<void> {
  const labels = loadLabels();
  const { bench, calibration } = splitPeople(labels, BENCH_PEOPLE);
  const { results } = await embedPhotos(labels);
  const fitting = pairScores(results.filter((p) => calibration.has(p.identity)));
  const heldOut = pairScores(results.filter((p) => bench.has(p.identity)));

  // thresholds at every 0.05 of score; strictly increasing so the map stays invertible
  const points: Array<[number, number]> = [[-1, 0]];
  for (let s = 0.05; s <= TOP_MEASURED_SCORE + 1e-9; s += 0.05) {
    const t = Math.max(thresholdFor(fitting.impostor, fmrOf(s)), points[points.length - 1][0] + 1e-4);
    points.push([Number(t.toFixed(5)), Number(s.toFixed(2))]);
  }
  points.push([1, 1]);
  const file: CalibrationFile = {
    description:
      `score s <-> false-match rate 10^(-5 s) up to 0.9 (0.8 <-> 1e-4), fitted on ${fitting.impostor.length} impostor pairs of ` +
      `${calibration.size} lfw-dev people not enrolled by the identification benchmark; above 0.9 linear to 1 at cosine 1`,
    points,
  };
  printTable('fitting people', fitting, points);
  printTable(`held-out people (the benchmark's ${bench.size})`, heldOut, points);
  if (!process.argv.includes('--dry-run')) {
    const lines = file.points.map((p) => `    ${JSON.stringify(p)}`).join(',\n');
    fs.writeFileSync(OUTPUT, `{\n  "description": ${JSON.stringify(file.description)},\n  "points": [\n${lines}\n  ]\n}\n`);
    console.log(`\nwrote ${path.relative(process.cwd(), OUTPUT)}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
