/**
 * Runs in a worker thread (onnxruntime-node's output tensors and jest's sandboxed typed arrays do not mix):
 * descriptors of real face chips from the ONNX conversion and from face-api's TensorFlow.js forward pass.
 */
import { parentPort } from 'worker_threads';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { loadFaceApi } from '../../../src/local-face-api/engine/face-api-nets';
import { resnetInput, resnetToOnnx, RESNET_INPUT, RESNET_OUTPUT, type RecognitionParams } from '../../../src/local-face-api/engine/resnet-onnx';
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
    return { dims: out[RESNET_OUTPUT].dims, agreement, samePerson: cosine(descriptor(0), descriptor(1)), differentPeople: cosine(descriptor(0), descriptor(2)) };
  } finally {
    await session.release();
    net.dispose();
  }
}

run().then(
  (result) => parentPort?.postMessage({ result }),
  (error: unknown) => parentPort?.postMessage({ error: String(error instanceof Error ? error.stack : error) }),
);
