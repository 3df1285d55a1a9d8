/**
 * Cosine similarity → calibrated score, a monotone piecewise-linear map fitted by scripts/engine/calibrate.ts on
 * the impostor pairs of LFW photos and stored in calibration.json (score 0.8 ↔ false-match rate 1e-4; how it was
 * measured: docs/engine.md, "Calibrated scores").
 */
import calibration from './calibration.json';

export interface CalibrationFile {
  description: string;
  /** [cosine, score] pairs, both increasing */
  points: Array<[number, number]>;
}

const POINTS = (calibration as CalibrationFile).points;

export function calibrate(cosine: number): number {
  if (!Number.isFinite(cosine)) return 0;
  if (cosine <= POINTS[0][0]) return POINTS[0][1];
  for (let i = 1; i < POINTS.length; i++) {
    const [c1, s1] = POINTS[i];
    if (cosine <= c1) {
      const [c0, s0] = POINTS[i - 1];
      return s0 + ((cosine - c0) / (c1 - c0)) * (s1 - s0);
    }
  }
  return POINTS[POINTS.length - 1][1];
}

export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`embedding sizes differ: ${a.length} vs ${b.length}`);
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot;
}
