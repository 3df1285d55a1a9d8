/**
 * The 68-point landmark net and the dlib ResNet identity net of @vladmandic/face-api (weights shipped in its
 * model/ folder). Landmarks run on TensorFlow.js (WebAssembly SIMD); the ResNet is converted at start-up into an
 * ONNX graph (resnet-onnx.ts) and runs on onnxruntime-node, several times faster with identical descriptors.
 * Inputs are prepared crops: 112×112 for landmarks, 150×150 aligned chips for identity.
 */
import * as path from 'path';
import * as ort from 'onnxruntime-node';
import { resnetInput, resnetToOnnx, RESNET_INPUT, RESNET_OUTPUT, type RecognitionParams } from './resnet-onnx';
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

export class FaceApiNets {
  private constructor(
    private readonly faceapi: FaceApiModule,
    private readonly tf: Tf,
    private readonly resnet: ort.InferenceSession,
  ) {}

  static async load(): Promise<FaceApiNets> {
    const { faceapi, tf, modelDir } = await loadFaceApi();
    await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
    await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
    const params = faceapi.nets.faceRecognitionNet.params as unknown as RecognitionParams;
    const resnet = await ort.InferenceSession.create(resnetToOnnx(params, CHIP_SIZE), {
      intraOpNumThreads: 1, // one worker per core does the parallelism
      interOpNumThreads: 1,
      logSeverityLevel: 3,
    });
    faceapi.nets.faceRecognitionNet.dispose(); // the TFJS copy of the weights is no longer needed
    return new FaceApiNets(faceapi, tf, resnet);
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
    const input = resnetInput(chips.map((c) => c.data), CHIP_SIZE);
    const out = await this.resnet.run({ [RESNET_INPUT]: new ort.Tensor('float32', input, [chips.length, 3, CHIP_SIZE, CHIP_SIZE]) });
    const all = out[RESNET_OUTPUT].data as Float32Array;
    const size = all.length / chips.length;
    return chips.map((_, n) => all.slice(n * size, (n + 1) * size));
  }

  async close(): Promise<void> {
    await this.resnet.release();
  }
}
