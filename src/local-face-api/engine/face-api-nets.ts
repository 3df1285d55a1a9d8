/**
 * The 68-point landmark net of @vladmandic/face-api (weights shipped in its model/ folder). TensorFlow.js
 * (WebAssembly backend) only reads the weights; at start-up the net is converted into an ONNX graph
 * (landmarks-onnx.ts) that onnxruntime-node runs several times faster with the same outputs.
 */
import * as path from 'path';
import * as ort from 'onnxruntime-node';
import { landmarksInput, landmarksToOnnx, LANDMARKS_INPUT, LANDMARKS_OUTPUT, type LandmarkParams } from './landmarks-onnx';
import type * as FaceApi from '@vladmandic/face-api';
import type { WirePoint } from '../../upstream/contract';
import type { RgbImage } from './image';

export const LANDMARK_INPUT = 112;

type FaceApiModule = typeof FaceApi;
type Tf = typeof import('@tensorflow/tfjs');

/** face-api's node-wasm bundle on TensorFlow.js's WebAssembly backend, and the folder of its shipped weights. */
export async function loadFaceApi(): Promise<{ faceapi: FaceApiModule; tf: Tf; modelDir: string }> {
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
  return { faceapi, tf, modelDir };
}

const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1, // one worker per core does the parallelism
  interOpNumThreads: 1,
  logSeverityLevel: 3,
};

export class LandmarkNet {
  private constructor(private readonly session: ort.InferenceSession) {}

  /** Loads face-api's weights and converts the net to an ONNX session; the TFJS copy is then released. */
  static async load(): Promise<LandmarkNet> {
    const { faceapi, modelDir } = await loadFaceApi();
    const landmarks = faceapi.nets.faceLandmark68Net;
    await landmarks.loadFromDisk(modelDir);
    const params = {
      featureExtractor: (landmarks as unknown as { faceFeatureExtractor: { params: LandmarkParams['featureExtractor'] } }).faceFeatureExtractor.params,
      fc: (landmarks.params as unknown as LandmarkParams).fc,
    };
    const session = await ort.InferenceSession.create(landmarksToOnnx(params, LANDMARK_INPUT), SESSION_OPTIONS);
    landmarks.dispose();
    return new LandmarkNet(session);
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
