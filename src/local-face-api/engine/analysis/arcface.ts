/**
 * The identity embedding: `fr_feature.onnx` from the npm package faceplugin-face-recognition-js (a MobileFaceNet
 * trained with an ArcFace-style loss, 112×112 → 512-D) on onnxruntime-node. Faces are aligned with a least-squares
 * similarity transform of their 5 points onto the standard ArcFace 112×112 reference points, fed in BGR order
 * scaled to [-1, 1], and embedded together with their mirror image.
 */
import * as ort from 'onnxruntime-node';
import type { WirePoint } from '../../../face-api-contract';
import { fitSimilarity, mirror, warp } from '../geometry/align';
import type { RgbImage } from '../geometry/image';
import { frFeatureFile } from '../models/catalog';
import { openSession } from '../models/session';

const ARCFACE_SIZE = 112;

/** insightface's reference positions of the eyes (image left first), nose tip and mouth corners in a 112×112 chip */
const REFERENCE: WirePoint[] = [
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 41.5493, y: 92.3655 },
  { x: 70.7299, y: 92.2041 },
];

/** The aligned 112×112 chip of a face whose five points (contract order) are given in image pixels. */
export function arcfaceChip(image: RgbImage, fivePoints: WirePoint[]): RgbImage {
  return warp(image, fitSimilarity(REFERENCE, fivePoints), ARCFACE_SIZE);
}

/** HWC RGB bytes → NCHW BGR floats in [-1, 1]: the order and scale the model was trained on (measured, docs/engine.md). */
function arcfaceInput(chip: Uint8Array): Float32Array {
  const plane = ARCFACE_SIZE * ARCFACE_SIZE;
  const input = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) input[c * plane + i] = (chip[i * 3 + (2 - c)] - 127.5) / 127.5;
  }
  return input;
}

export class ArcFace {
  private constructor(private readonly session: ort.InferenceSession) {}

  static async load(): Promise<ArcFace> {
    return new ArcFace(await openSession(frFeatureFile()));
  }

  /** L2-normalised sum of the embeddings of the chip and of its mirror image (the model takes a batch of one). */
  async embed(chip: RgbImage): Promise<Float32Array> {
    const sum = new Float32Array(512);
    for (const c of [chip, mirror(chip)]) {
      const input = new ort.Tensor('float32', arcfaceInput(c.data), [1, 3, ARCFACE_SIZE, ARCFACE_SIZE]);
      const out = (await this.session.run({ [this.session.inputNames[0]]: input }))[this.session.outputNames[0]].data as Float32Array;
      const unit = normalise(out);
      for (let i = 0; i < sum.length; i++) sum[i] += unit[i];
    }
    return normalise(sum);
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

function normalise(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return v.map((x) => x / norm);
}
