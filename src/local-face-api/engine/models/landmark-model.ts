/**
 * face-api's 68-point landmark net as an ONNX file, converted from its TFJS weights once, by `npm run build`
 * (`node dist/local-face-api/engine/models/landmark-model.js`), so that no worker loads TensorFlow.js at start-up.
 * A source checkout that never built converts on first use and keeps the file (written atomically).
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as FaceApi from '@vladmandic/face-api';
import { landmarksToOnnx, type LandmarkParams } from './landmarks-onnx';

export const LANDMARK_INPUT = 112;
/** at the package root, from src/ (ts-node, jest) and from dist/ alike */
const LANDMARK_MODEL_FILE = path.resolve(__dirname, '../../../..', 'models', 'face_landmark_68.onnx');

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

/** The converted net is current when it is newer than face-api's weights (an upgrade of face-api reconverts). */
export function landmarkModelIsCurrent(file = LANDMARK_MODEL_FILE): boolean {
  const weights = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model', 'face_landmark_68_model.bin');
  return fs.existsSync(file) && fs.statSync(file).mtimeMs >= fs.statSync(weights).mtimeMs;
}

async function convertLandmarkModel(file = LANDMARK_MODEL_FILE): Promise<void> {
  const { faceapi, modelDir } = await loadFaceApi();
  const net = faceapi.nets.faceLandmark68Net;
  await net.loadFromDisk(modelDir);
  const params = {
    featureExtractor: (net as unknown as { faceFeatureExtractor: { params: LandmarkParams['featureExtractor'] } }).faceFeatureExtractor.params,
    fc: (net.params as unknown as LandmarkParams).fc,
  };
  const onnx = landmarksToOnnx(params, LANDMARK_INPUT);
  net.dispose();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temporary, onnx);
  fs.renameSync(temporary, file);
}

/** The model file, converted first if it is missing or older than face-api's weights. */
export async function ensureLandmarkModel(file = LANDMARK_MODEL_FILE): Promise<string> {
  if (!landmarkModelIsCurrent(file)) await convertLandmarkModel(file);
  return file;
}

if (require.main === module) {
  ensureLandmarkModel().then(
    (file) => console.log(`landmark model: ${path.relative(process.cwd(), file)}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
