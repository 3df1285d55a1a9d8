/**
 * BlazeFace (MediaPipe, "back" 256×256 model as exported for Barracuda) on onnxruntime-node.
 * Anchor decoding follows the package's Shaders/Postprocess1Kernel.hlsl and Postprocess2.compute:
 * 16×16 cells × 2 anchors, then 8×8 cells × 6 anchors; offsets in input pixels; weighted blending of overlaps.
 */
import sharp from 'sharp';
import * as ort from 'onnxruntime-node';
import type { RgbImage } from '../geometry/image';
import type { WirePoint } from '../../../face-api-contract';
import { blazefaceFile } from '../models/catalog';
import { openSession } from '../models/session';

export interface FaceCandidate {
  /** box in image pixels */
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
  /** subject's right eye, left eye, nose tip, mouth centre, right ear, left ear (image pixels) */
  keypoints: WirePoint[];
}

const INPUT_SIZE = 256;
const KEYPOINTS = 6;
const IOU_THRESHOLD = 0.3;

export class BlazeFace {
  private constructor(private readonly session: ort.InferenceSession) {}

  static async load(): Promise<BlazeFace> {
    return new BlazeFace(await openSession(blazefaceFile()));
  }

  /**
   * Faces in the image. `padding` (fraction of the longer side added on every side) lets the model, trained on
   * faces that fill a modest part of the frame, also find faces that fill a tightly cropped photo.
   */
  async detect(image: RgbImage, padding: number, threshold = 0.5): Promise<FaceCandidate[]> {
    const side = Math.round(Math.max(image.width, image.height) * (1 + 2 * padding));
    const left = Math.floor((side - image.width) / 2);
    const top = Math.floor((side - image.height) / 2);
    const input = await squareInput(image, side, left, top);
    const feeds = { 'input:0': new ort.Tensor('float32', input, [1, INPUT_SIZE, INPUT_SIZE, 3]) };
    const out = await this.session.run(feeds);
    const raw = [
      ...decodeLayer(out['Identity:0'].data as Float32Array, out['Identity_2:0'].data as Float32Array, 16, 2, threshold),
      ...decodeLayer(out['Identity_1:0'].data as Float32Array, out['Identity_3:0'].data as Float32Array, 8, 6, threshold),
    ];
    const scale = side;
    return blendOverlaps(raw).map((d) => ({
      x: d.cx * scale - d.w * scale / 2 - left,
      y: d.cy * scale - d.h * scale / 2 - top,
      width: d.w * scale,
      height: d.h * scale,
      score: d.score,
      keypoints: d.kp.map((p) => ({ x: p.x * scale - left, y: p.y * scale - top })),
    }));
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

/** The image centred on a black square canvas, resized to the model input, as NHWC floats in [-1, 1]. */
async function squareInput(image: RgbImage, side: number, left: number, top: number): Promise<Float32Array> {
  // sharp resizes before it extends, so the canvas margins are given at the model's scale
  const scale = INPUT_SIZE / side;
  const width = Math.max(1, Math.min(INPUT_SIZE, Math.round(image.width * scale)));
  const height = Math.max(1, Math.min(INPUT_SIZE, Math.round(image.height * scale)));
  const padLeft = Math.min(INPUT_SIZE - width, Math.round(left * scale));
  const padTop = Math.min(INPUT_SIZE - height, Math.round(top * scale));
  const pixels = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill' })
    .extend({
      left: padLeft,
      top: padTop,
      right: INPUT_SIZE - width - padLeft,
      bottom: INPUT_SIZE - height - padTop,
      background: { r: 0, g: 0, b: 0 },
    })
    .removeAlpha()
    .raw()
    .toBuffer();
  const input = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) input[i] = pixels[i] / 127.5 - 1;
  return input;
}

interface RawDetection {
  cx: number;
  cy: number;
  w: number;
  h: number;
  kp: WirePoint[];
  score: number;
}

function decodeLayer(scores: Float32Array, boxes: Float32Array, cells: number, anchors: number, threshold: number) {
  const found: RawDetection[] = [];
  for (let cy = 0; cy < cells; cy++) {
    for (let cx = 0; cx < cells; cx++) {
      for (let a = 0; a < anchors; a++) {
        const i = (cy * cells + cx) * anchors + a;
        const score = 1 / (1 + Math.exp(-scores[i]));
        if (score <= threshold) continue;
        const ax = (cx + 0.5) / cells;
        const ay = (cy + 0.5) / cells;
        const b = i * 16;
        const kp: WirePoint[] = [];
        for (let k = 0; k < KEYPOINTS; k++) {
          kp.push({ x: ax + boxes[b + 4 + 2 * k] / INPUT_SIZE, y: ay + boxes[b + 5 + 2 * k] / INPUT_SIZE });
        }
        found.push({
          cx: ax + boxes[b] / INPUT_SIZE,
          cy: ay + boxes[b + 1] / INPUT_SIZE,
          w: boxes[b + 2] / INPUT_SIZE,
          h: boxes[b + 3] / INPUT_SIZE,
          kp,
          score,
        });
      }
    }
  }
  return found;
}

function iou(a: RawDetection, b: RawDetection): number {
  const x0 = Math.max(a.cx - a.w / 2, b.cx - b.w / 2);
  const y0 = Math.max(a.cy - a.h / 2, b.cy - b.h / 2);
  const x1 = Math.min(a.cx + a.w / 2, b.cx + b.w / 2);
  const y1 = Math.min(a.cy + a.h / 2, b.cy + b.h / 2);
  const inner = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  return inner / (a.w * a.h + b.w * b.h - inner);
}

/** MediaPipe-style weighted non-maximum suppression: overlapping detections are averaged by score. */
function blendOverlaps(detections: RawDetection[]): RawDetection[] {
  const pending = [...detections].sort((a, b) => b.score - a.score);
  const result: RawDetection[] = [];
  while (pending.length > 0) {
    const best = pending[0];
    const group = pending.filter((d) => iou(best, d) >= IOU_THRESHOLD);
    const rest = pending.filter((d) => iou(best, d) < IOU_THRESHOLD);
    const total = group.reduce((s, d) => s + d.score, 0);
    const avg = (f: (d: RawDetection) => number) => group.reduce((s, d) => s + f(d) * d.score, 0) / total;
    result.push({
      cx: avg((d) => d.cx),
      cy: avg((d) => d.cy),
      w: avg((d) => d.w),
      h: avg((d) => d.h),
      kp: best.kp.map((_, k) => ({ x: avg((d) => d.kp[k].x), y: avg((d) => d.kp[k].y) })),
      score: best.score,
    });
    pending.splice(0, pending.length, ...rest);
  }
  return result;
}
