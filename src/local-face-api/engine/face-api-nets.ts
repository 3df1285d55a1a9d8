/**
 * The 68-point landmark net and the dlib ResNet identity net of @vladmandic/face-api (weights shipped in its
 * model/ folder), run by TensorFlow.js on the WebAssembly SIMD backend. Inputs are prepared crops:
 * 112×112 for landmarks, 150×150 aligned chips for identity.
 */
import * as path from 'path';
import type * as FaceApi from '@vladmandic/face-api';
import type { WirePoint } from '../../upstream/contract';
import type { RgbImage } from './image';

export const LANDMARK_INPUT = 112;
export const CHIP_SIZE = 150;

type FaceApiModule = typeof FaceApi;
type Tf = typeof import('@tensorflow/tfjs');

export class FaceApiNets {
  private constructor(
    private readonly faceapi: FaceApiModule,
    private readonly tf: Tf,
  ) {}

  static async load(): Promise<FaceApiNets> {
    // required lazily: the bundle registers TensorFlow.js backends as a side effect
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(p: string, simd?: boolean): void };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApiModule;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tf = require('@tensorflow/tfjs') as Tf;
    const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    wasm.setWasmPaths(wasmDir + path.sep);
    await tf.setBackend('wasm');
    await tf.ready();
    const modelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
    await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
    await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
    return new FaceApiNets(faceapi, tf);
  }

  /** 68 landmarks in the crop's pixel coordinates (crop is LANDMARK_INPUT square). */
  async landmarks(crop: RgbImage): Promise<WirePoint[]> {
    const input = this.tf.tensor3d(crop.data, [crop.height, crop.width, 3], 'int32');
    try {
      const result = (await this.faceapi.nets.faceLandmark68Net.detectLandmarks(input)) as FaceApi.FaceLandmarks68;
      return result.positions.map((p) => ({ x: p.x, y: p.y }));
    } finally {
      input.dispose();
    }
  }

  /** 128-D descriptors of aligned CHIP_SIZE chips, computed as one batch. */
  async descriptors(chips: RgbImage[]): Promise<Float32Array[]> {
    const inputs = chips.map((c) => this.tf.tensor3d(c.data, [c.height, c.width, 3], 'int32'));
    try {
      const result = await this.faceapi.nets.faceRecognitionNet.computeFaceDescriptor(inputs);
      return Array.isArray(result) ? result : [result];
    } finally {
      inputs.forEach((t) => t.dispose());
    }
  }
}
