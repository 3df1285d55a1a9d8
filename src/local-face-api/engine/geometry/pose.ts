/** Head pose (degrees) estimated from 68 landmarks against dlib's mean frontal face. */
import type { WireAngle, WirePoint } from '../../../face-api-contract';
import { centroid, EYE_LEFT, EYE_RIGHT, NOSE_TIP } from './landmarks';

const DEG = 180 / Math.PI;
/**
 * Nose tip height between eye line (0) and mouth-corner line (1) of a level face: dlib's mean face gives 0.53,
 * the median of 142 lfw-dev news photos with this landmark net 0.55 (which makes their median pitch 0).
 */
const FRONTAL_NOSE_HEIGHT = 0.55;

/**
 * roll: clockwise tilt of the eye line in the image; yaw: positive when the nose points to the image's right;
 * pitch: positive when the face looks up (the nose tip rises towards the eye line).
 */
export function estimatePose(points: WirePoint[]): WireAngle {
  const eyeA = centroid(points, EYE_RIGHT);
  const eyeB = centroid(points, EYE_LEFT);
  const rollRad = Math.atan2(eyeB.y - eyeA.y, eyeB.x - eyeA.x);
  // work in a frame where the eye line is horizontal
  const cos = Math.cos(-rollRad);
  const sin = Math.sin(-rollRad);
  const upright = (p: WirePoint): WirePoint => ({ x: p.x * cos - p.y * sin, y: p.x * sin + p.y * cos });
  const jawLeft = upright(points[0]);
  const jawRight = upright(points[16]);
  const nose = upright(points[NOSE_TIP]);
  const eyes = upright(centroid([eyeA, eyeB], [0, 1]));
  const mouth = upright(centroid(points, [48, 54]));
  const across = (nose.x - jawLeft.x) / Math.max(1e-6, jawRight.x - jawLeft.x);
  const down = (nose.y - eyes.y) / Math.max(1e-6, mouth.y - eyes.y);
  return {
    yaw: round1(Math.asin(clamp((across - 0.5) * 2, -1, 1)) * DEG),
    pitch: round1(Math.asin(clamp((FRONTAL_NOSE_HEIGHT - down) * 2, -1, 1)) * DEG),
    roll: round1(rollRad * DEG),
  };
}

export function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
