/**
 * Runs in a worker thread (onnxruntime-node's output tensors and jest's sandboxed typed arrays do not mix):
 * descriptors and landmarks of real face crops from the ONNX conversions and from face-api's TensorFlow.js nets.
 */
import { parentPort } from 'worker_threads';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { loadFaceApi } from '../../../src/local-face-api/engine/face-api-nets';
import { resnetInput, resnetToOnnx, RESNET_INPUT, RESNET_OUTPUT, type RecognitionParams } from '../../../src/local-face-api/engine/resnet-onnx';
import { landmarksToOnnx, LANDMARKS_INPUT, LANDMARKS_OUTPUT, type LandmarkParams } from '../../../src/local-face-api/engine/landmarks-onnx';
import { otherPortrait, portrait } from './fixtures';

const SIZE = 150;

async function chip(image: Buffer, flop = false): Promise<Uint8Array> {
  const pipeline = sharp(image).resize(SIZE, SIZE);
  return new Uint8Array(await (flop ? pipeline.flop() : pipeline).removeAlpha().raw().toBuffer());
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

export interface ResnetCheck {
  /** largest distance (pixels of the 112² crop) between ONNX and TensorFlow.js landmarks */
  landmarkError: number;
  dims: readonly number[];
  /** per chip: cosine between the ONNX and the TensorFlow.js descriptor */
  agreement: number[];
  samePerson: number;
  differentPeople: number;
}

async function run(): Promise<ResnetCheck> {
  const { faceapi, tf, modelDir } = await loadFaceApi();
  const net = new faceapi.FaceRecognitionNet();
  await net.loadFromDisk(modelDir);
  const session = await ort.InferenceSession.create(resnetToOnnx(net.params as unknown as RecognitionParams, SIZE));
  try {
    // a face, its mirror image, another person: one batch of three
    const chips = [await chip(await portrait()), await chip(await portrait(), true), await chip(await otherPortrait())];
    const input = resnetInput(chips, SIZE);
    const out = await session.run({ [RESNET_INPUT]: new ort.Tensor('float32', input, [chips.length, 3, SIZE, SIZE]) });
    const onnx = out[RESNET_OUTPUT].data as Float32Array;
    const descriptor = (n: number) => onnx.subarray(n * 128, (n + 1) * 128);
    const agreement: number[] = [];
    for (const [n, c] of chips.entries()) {
      const tensor = tf.tensor3d(c, [SIZE, SIZE, 3], 'int32');
      const reference = (await net.computeFaceDescriptor(tensor as never)) as Float32Array;
      tensor.dispose();
      agreement.push(cosine(reference, descriptor(n)));
    }
    return { landmarkError: await landmarkError(await chip(await portrait())), dims: out[RESNET_OUTPUT].dims, agreement, samePerson: cosine(descriptor(0), descriptor(1)), differentPeople: cosine(descriptor(0), descriptor(2)) };
  } finally {
    await session.release();
    net.dispose();
  }
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
    const out = (await session.run({ [LANDMARKS_INPUT]: new ort.Tensor('float32', resnetInput([crop], 112), [1, 3, 112, 112]) }))[LANDMARKS_OUTPUT].data as Float32Array;
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
