/**
 * Quality measures of one located face, each computed from the pixels and the 68 landmarks (contract §11).
 * Texture and occlusion are measured on an aligned analysis chip so that they do not depend on resolution.
 */
import type { WireOcclusion, WirePoint, WireQualityMeasures } from '../../../face-api-contract';
import { apply, inverse, warp } from '../geometry/align';
import { toGrey, type RgbImage } from '../geometry/image';
import { BROW_LEFT, BROW_RIGHT, JAW, faceChipTransform, meanFacePoint } from '../geometry/landmarks';
import { clamp } from '../geometry/pose';
import type { LocatedFace } from './types';
import { occlusionOf } from './occlusion';

const ANALYSIS_CHIP = 128;
const ANALYSIS_PADDING = 0.35;
/** Laplacian variance of a crisp face on the analysis chip maps to sharpness ≈ 0.9 (1 − e^(−var/K)) */
const SHARPNESS_K = 60;

export interface QualityMeasures {
  quality: WireQualityMeasures;
  occlusion: WireOcclusion;
}

export function measureQuality(image: RgbImage, face: LocatedFace): QualityMeasures {
  const toImage = faceChipTransform(face.points, ANALYSIS_CHIP, ANALYSIS_PADDING);
  const chip = warp(image, toImage, ANALYSIS_CHIP);
  const chipPoints = face.points.map((p) => apply(inverse(toImage), p));
  const faceMask = polygonMask(faceOutline(chipPoints), ANALYSIS_CHIP);
  const grey = toGrey(chip);
  const quality: WireQualityMeasures = {
    distance2center: round3(distanceToCentre(image, face)),
    align_score: round3(alignScore(face)),
    brightness: round3(clamp((maskedMean(grey, faceMask) - 128) / 128, -1, 1)),
    sharpness: round3(1 - Math.exp(-laplacianVariance(grey, faceMask) / SHARPNESS_K)),
    mouth_open: round3(mouthOpening(face.points)),
    missing: round3(shareInside(image, face)),
    size: round3(clamp((face.box.width * face.box.height) / (image.width * image.height), 0, 1)),
  };
  return { quality, occlusion: occlusionOf(chip, chipPoints, faceMask) };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** Jaw line closed over the eyebrows raised by a fifth of the face height (forehead). */
function faceOutline(points: WirePoint[]): WirePoint[] {
  const jaw = JAW.map((i) => points[i]);
  const brows = [...BROW_LEFT].reverse().concat([...BROW_RIGHT].reverse()).map((i) => points[i]);
  const chin = points[8];
  const browY = brows.reduce((s, p) => s + p.y, 0) / brows.length;
  const lift = (chin.y - browY) * 0.2;
  return [...jaw, ...brows.map((p) => ({ x: p.x, y: p.y - lift }))];
}

/** 1 at pixels inside the polygon (even-odd rule at pixel centres). */
function polygonMask(polygon: WirePoint[], size: number): Uint8Array {
  const mask = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let inside = false;
      for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
        const a = polygon[i];
        const b = polygon[j];
        if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
      }
      mask[y * size + x] = inside ? 1 : 0;
    }
  }
  return mask;
}

function maskedMean(values: Float32Array, mask: Uint8Array): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (mask[i]) {
      sum += values[i];
      n++;
    }
  }
  return n ? sum / n : 0;
}

function laplacianVariance(grey: Float32Array, mask: Uint8Array): number {
  const size = ANALYSIS_CHIP;
  const values: number[] = [];
  for (let y = 1; y < size - 1; y++) {
    for (let x = 1; x < size - 1; x++) {
      const i = y * size + x;
      if (!mask[i]) continue;
      values.push(grey[i - 1] + grey[i + 1] + grey[i - size] + grey[i + size] - 4 * grey[i]);
    }
  }
  if (values.length === 0) return 0;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
}

/** 1 when the face centre is the image centre, 0 at a corner. */
function distanceToCentre(image: RgbImage, face: LocatedFace): number {
  const cx = face.box.x + face.box.width / 2;
  const cy = face.box.y + face.box.height / 2;
  const d = Math.hypot(cx - image.width / 2, cy - image.height / 2);
  return clamp(1 - d / Math.hypot(image.width / 2, image.height / 2), 0, 1);
}

/**
 * How well the landmarks fit dlib's mean frontal face after the best similarity transform: 1 − RMS residual
 * relative to the inter-ocular distance, scaled so that a clean frontal face scores ≥ 1.0 (the contract's range).
 */
function alignScore(face: LocatedFace): number {
  const t = faceChipTransform(face.points, 1, 0);
  const back = inverse(t);
  let sum = 0;
  let n = 0;
  for (let i = 27; i < 68; i++) {
    const p = apply(back, face.points[i]);
    const m = meanFacePoint(i, 1, 0);
    sum += (p.x - m.x) ** 2 + (p.y - m.y) ** 2;
    n++;
  }
  const rms = Math.sqrt(sum / n);
  return Math.max(0, 1.2 - 4 * rms);
}

/** Inner-lip gap over mouth width: 0 closed, ~0.5 wide open. */
function mouthOpening(points: WirePoint[]): number {
  const gap = Math.hypot(points[66].x - points[62].x, points[66].y - points[62].y);
  const width = Math.hypot(points[54].x - points[48].x, points[54].y - points[48].y);
  return clamp(gap / Math.max(1e-6, width), 0, 1);
}

/** Share of the face (detector box united with the landmark extent) that lies inside the image. */
function shareInside(image: RgbImage, face: LocatedFace): number {
  const xs = face.points.map((p) => p.x).concat([face.box.x, face.box.x + face.box.width]);
  const ys = face.points.map((p) => p.y).concat([face.box.y, face.box.y + face.box.height]);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys);
  const inside = Math.max(0, Math.min(x1, image.width) - Math.max(x0, 0)) * Math.max(0, Math.min(y1, image.height) - Math.max(y0, 0));
  return clamp(inside / ((x1 - x0) * (y1 - y0)), 0, 1);
}
