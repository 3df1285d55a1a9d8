/**
 * Runs in a worker thread (onnxruntime-node's output tensors and jest's sandboxed typed arrays do not mix):
 * the 68 landmarks of a real face crop from the ONNX conversion and from face-api's TensorFlow.js net.
 */
import { parentPort } from 'worker_threads';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { loadFaceApi } from '../../../src/local-face-api/engine/models/landmark-model';
import { landmarksInput, landmarksToOnnx, LANDMARKS_INPUT, LANDMARKS_OUTPUT, type LandmarkParams } from '../../../src/local-face-api/engine/models/landmarks-onnx';
import { portrait } from './fixtures';

const SIZE = 150;

async function chip(image: Buffer): Promise<Uint8Array> {
  return new Uint8Array(await sharp(image).resize(SIZE, SIZE).removeAlpha().raw().toBuffer());
}

export interface LandmarkCheck {
  /** largest distance (pixels of the 112² crop) between ONNX and TensorFlow.js landmarks */
  landmarkError: number;
}

async function run(): Promise<LandmarkCheck> {
  return { landmarkError: await landmarkError(await chip(await portrait())) };
}

/** The landmark net on a 112² crop, converted vs face-api's own forward pass. */
async function landmarkError(face150: Uint8Array): Promise<number> {
  const { faceapi, tf, modelDir } = await loadFaceApi();
  const net = new faceapi.FaceLandmark68Net();
  await net.loadFromDisk(modelDir);
  const params = {
    featureExtractor: (net as unknown as { faceFeatureExtractor: { params: LandmarkParams['featureExtractor'] } }).faceFeatureExtractor.params,
    fc: (net.params as unknown as LandmarkParams).fc,
  };
  const session = await ort.InferenceSession.create(landmarksToOnnx(params, 112));
  try {
    const crop = new Uint8Array(await sharp(Buffer.from(face150), { raw: { width: SIZE, height: SIZE, channels: 3 } }).resize(112, 112).raw().toBuffer());
    const out = (await session.run({ [LANDMARKS_INPUT]: new ort.Tensor('float32', landmarksInput([crop], 112), [1, 3, 112, 112]) }))[LANDMARKS_OUTPUT].data as Float32Array;
    const tensor = tf.tensor3d(crop, [112, 112, 3], 'int32');
    const reference = (await net.detectLandmarks(tensor as never)) as { positions: Array<{ x: number; y: number }> };
    tensor.dispose();
    return Math.max(...reference.positions.map((p, i) => Math.hypot(p.x - out[2 * i] * 112, p.y - out[2 * i + 1] * 112)));
  } finally {
    await session.release();
    net.dispose();
  }
}

run().then(
  (result) => parentPort?.postMessage({ result }),
  (error: unknown) => parentPort?.postMessage({ error: String(error instanceof Error ? error.stack : error) }),
);
