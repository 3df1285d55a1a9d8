/**
 * The 68-point landmark net and the dlib ResNet identity net of @vladmandic/face-api (weights shipped in its
 * model/ folder). TensorFlow.js (WebAssembly backend) only reads the weights; at start-up both nets are converted
 * into ONNX graphs (landmarks-onnx.ts, resnet-onnx.ts) that onnxruntime-node runs several times faster with the
 * same outputs. Inputs are prepared crops: 112×112 for landmarks, 150×150 aligned chips for identity.
 */
import * as path from 'path';
import * as ort from 'onnxruntime-node';
import { resnetInput, resnetToOnnx, RESNET_INPUT, RESNET_OUTPUT, type RecognitionParams } from './resnet-onnx';
import { landmarksToOnnx, LANDMARKS_INPUT, LANDMARKS_OUTPUT, type LandmarkParams } from './landmarks-onnx';
import type * as FaceApi from '@vladmandic/face-api';
import type { WirePoint } from '../../upstream/contract';
import type { RgbImage } from './image';

export const LANDMARK_INPUT = 112;
export const CHIP_SIZE = 150;

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

export class FaceApiNets {
  private constructor(
    private readonly landmarkNet: ort.InferenceSession,
    private readonly resnet: ort.InferenceSession,
  ) {}

  /** Loads face-api's weights and converts both nets to ONNX sessions; the TFJS copies are then released. */
  static async load(): Promise<FaceApiNets> {
    const { faceapi, modelDir } = await loadFaceApi();
    const landmarks = faceapi.nets.faceLandmark68Net;
    const recognition = faceapi.nets.faceRecognitionNet;
    await landmarks.loadFromDisk(modelDir);
    await recognition.loadFromDisk(modelDir);
    const landmarkParams = {
      featureExtractor: (landmarks as unknown as { faceFeatureExtractor: { params: LandmarkParams['featureExtractor'] } }).faceFeatureExtractor.params,
      fc: (landmarks.params as unknown as LandmarkParams).fc,
    };
    const [landmarkNet, resnet] = await Promise.all([
      ort.InferenceSession.create(landmarksToOnnx(landmarkParams, LANDMARK_INPUT), SESSION_OPTIONS),
      ort.InferenceSession.create(resnetToOnnx(recognition.params as unknown as RecognitionParams, CHIP_SIZE), SESSION_OPTIONS),
    ]);
    landmarks.dispose();
    recognition.dispose();
    return new FaceApiNets(landmarkNet, resnet);
  }

  /** 68 landmarks in the crop's pixel coordinates (crop is LANDMARK_INPUT square). */
  async landmarks(crop: RgbImage): Promise<WirePoint[]> {
    const input = new ort.Tensor('float32', resnetInput([crop.data], LANDMARK_INPUT), [1, 3, LANDMARK_INPUT, LANDMARK_INPUT]);
    const out = (await this.landmarkNet.run({ [LANDMARKS_INPUT]: input }))[LANDMARKS_OUTPUT].data as Float32Array;
    // the net answers positions relative to its square input
    return Array.from({ length: out.length / 2 }, (_, i) => ({ x: out[2 * i] * LANDMARK_INPUT, y: out[2 * i + 1] * LANDMARK_INPUT }));
  }

  /** 128-D descriptors of aligned CHIP_SIZE chips, computed as one batch. */
  async descriptors(chips: RgbImage[]): Promise<Float32Array[]> {
    const input = resnetInput(chips.map((c) => c.data), CHIP_SIZE);
    const out = await this.resnet.run({ [RESNET_INPUT]: new ort.Tensor('float32', input, [chips.length, 3, CHIP_SIZE, CHIP_SIZE]) });
    const all = out[RESNET_OUTPUT].data as Float32Array;
    const size = all.length / chips.length;
    return chips.map((_, n) => all.slice(n * size, (n + 1) * size));
  }

  async close(): Promise<void> {
    await Promise.all([this.landmarkNet.release(), this.resnet.release()]);
  }
}
