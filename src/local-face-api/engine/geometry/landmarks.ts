/** The 68-point (iBUG/dlib) landmark layout, the 5 points the contract reports, and dlib's face-chip template. */
import type { WirePoint } from '../../../face-api-contract';
import { fitSimilarity, type Similarity } from './align';

export const JAW = range(0, 17);
export const BROW_RIGHT = range(17, 22); // subject's right = image left
export const BROW_LEFT = range(22, 27);
export const EYE_RIGHT = range(36, 42);
export const EYE_LEFT = range(42, 48);
export const NOSE_TIP = 30;

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

export function centroid(points: WirePoint[], indices: number[]): WirePoint {
  let x = 0;
  let y = 0;
  for (const i of indices) {
    x += points[i].x;
    y += points[i].y;
  }
  return { x: x / indices.length, y: y / indices.length };
}

/** Eye as seen in the image left, then right, nose tip, left and right mouth corner. */
export function fivePoints(points: WirePoint[]): WirePoint[] {
  return [centroid(points, EYE_RIGHT), centroid(points, EYE_LEFT), points[NOSE_TIP], points[48], points[54]];
}

// dlib's mean face shape (points 17..67, unit square), from dlib/image_transforms/interpolation.h
const MEAN_X = [
  0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004, 0.490127,
  0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825,
  0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149, 0.340985,
  0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721, 0.490127, 0.423532, 0.338094, 0.290379,
  0.428096, 0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689,
];
const MEAN_Y = [
  0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915, 0.106454,
  0.203352, 0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758,
  0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099, 0.780233,
  0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805, 0.902192, 0.909281, 0.902192, 0.864805,
  0.784792, 0.778746, 0.785343, 0.778746, 0.784792, 0.824182, 0.831803, 0.824182,
];

/** Where each landmark of an average frontal face sits in a chip of `size` with dlib's `padding`. */
export function meanFacePoint(index: number, size: number, padding: number): WirePoint {
  return {
    x: ((padding + MEAN_X[index - 17]) / (2 * padding + 1)) * size,
    y: ((padding + MEAN_Y[index - 17]) / (2 * padding + 1)) * size,
  };
}

/** dlib's get_face_chip_details: fit on points 27..67 minus the lower lip (eyebrows and jaw are unstable). */
const CHIP_POINTS = range(27, 68).filter((i) => !(i >= 55 && i <= 59) && !(i >= 65 && i <= 67));

export function faceChipTransform(points: WirePoint[], size: number, padding: number): Similarity {
  return fitSimilarity(
    CHIP_POINTS.map((i) => meanFacePoint(i, size, padding)),
    CHIP_POINTS.map((i) => points[i]),
  );
}
