/**
 * The 68-point landmark net of @vladmandic/face-api on onnxruntime-node, from the ONNX file converted at build
 * time (landmark-model.ts): TensorFlow.js is not loaded at run time.
 */
import * as ort from 'onnxruntime-node';
import { landmarksInput, LANDMARKS_INPUT, LANDMARKS_OUTPUT } from '../models/landmarks-onnx';
import { ensureLandmarkModel, LANDMARK_INPUT } from '../models/landmark-model';
import { openSession } from '../models/session';
import type { WirePoint } from '../../../face-api-contract';
import type { RgbImage } from '../geometry/image';

export class LandmarkNet {
  private constructor(private readonly session: ort.InferenceSession) {}

  static async load(): Promise<LandmarkNet> {
    return new LandmarkNet(await openSession(await ensureLandmarkModel()));
  }

  /** 68 landmarks in the crop's pixel coordinates (crop is LANDMARK_INPUT square). */
  async landmarks(crop: RgbImage): Promise<WirePoint[]> {
    const input = new ort.Tensor('float32', landmarksInput([crop.data], LANDMARK_INPUT), [1, 3, LANDMARK_INPUT, LANDMARK_INPUT]);
    const out = (await this.session.run({ [LANDMARKS_INPUT]: input }))[LANDMARKS_OUTPUT].data as Float32Array;
    // the net answers positions relative to its square input
    return Array.from({ length: out.length / 2 }, (_, i) => ({ x: out[2 * i] * LANDMARK_INPUT, y: out[2 * i + 1] * LANDMARK_INPUT }));
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
