/**
 * Converts face-api's port of dlib's face-recognition ResNet (TFJS weights, layer layout from face-api's
 * FaceRecognitionNet) into an ONNX graph for onnxruntime-node, whose native kernels run it several times faster
 * than TensorFlow.js on WebAssembly. Each conv's bias and the following per-channel scale layer are folded into
 * the conv weights. Input: NCHW float chips already normalised as face-api does ((rgb − mean) / 255).
 */
import { GraphBuilder, hwioToOihw, writeOnnxModel } from './onnx-writer';

/** The face-api tensors the conversion reads: `.shape` and `.dataSync()`. */
export interface WeightTensor {
  shape: number[];
  dataSync(): Float32Array | Int32Array | Uint8Array;
}
interface ConvParams {
  conv: { filters: WeightTensor; bias: WeightTensor };
  scale: { weights: WeightTensor; biases: WeightTensor };
}
interface ResidualParams {
  conv1: ConvParams;
  conv2: ConvParams;
}
export interface RecognitionParams {
  conv32_down: ConvParams;
  fc: WeightTensor;
  [block: string]: ResidualParams | ConvParams | WeightTensor;
}

export const RESNET_INPUT = 'chip';
export const RESNET_OUTPUT = 'descriptor';
/** face-api's per-channel RGB means */
export const RESNET_MEAN_RGB = [122.782, 117.001, 104.298];

/** RGB chips (HWC bytes, `size`²) as the network's NCHW float input. */
export function resnetInput(chips: Uint8Array[], size: number): Float32Array {
  const plane = size * size;
  const input = new Float32Array(chips.length * 3 * plane);
  chips.forEach((chip, n) => {
    for (let i = 0; i < plane; i++) {
      for (let c = 0; c < 3; c++) input[(n * 3 + c) * plane + i] = (chip[i * 3 + c] - RESNET_MEAN_RGB[c]) / 255;
    }
  });
  return input;
}

const BLOCKS: Array<[name: string, down: boolean]> = [
  ['conv32_1', false], ['conv32_2', false], ['conv32_3', false],
  ['conv64_down', true], ['conv64_1', false], ['conv64_2', false], ['conv64_3', false],
  ['conv128_down', true], ['conv128_1', false], ['conv128_2', false],
  ['conv256_down', true], ['conv256_1', false], ['conv256_2', false],
  ['conv256_down_out', true],
];

export function resnetToOnnx(params: RecognitionParams, inputSize = 150): Buffer {
  const g = new GraphBuilder();
  const conv = (x: string, p: ConvParams, stride: number, pad: number) => {
    const [kh, kw, cin, cout] = p.conv.filters.shape;
    const bias = p.conv.bias.dataSync();
    const s = p.scale.weights.dataSync();
    const c = p.scale.biases.dataSync();
    const weights = hwioToOihw(p.conv.filters.dataSync(), p.conv.filters.shape, s);
    const folded = Float32Array.from({ length: cout }, (_, o) => bias[o] * s[o] + c[o]);
    return { out: g.conv(x, weights, [cout, cin, kh, kw], folded, { stride, pads: [pad, pad, pad, pad] }), channels: cout, kernel: kh };
  };
  const zeroPad = (x: string, pads: number[]) => g.add('Pad', [x, g.constant([8], BigInt64Array.from(pads.map(BigInt)))]);

  // stem: 7×7/2 'valid' conv + relu, 3×3/2 'valid' max-pool
  const stem = conv(RESNET_INPUT, params.conv32_down, 2, 0);
  let size = Math.floor((inputSize - stem.kernel) / 2) + 1;
  let x = g.add('MaxPool', [g.add('Relu', [stem.out])], { ints: { kernel_shape: [3, 3], strides: [2, 2] } });
  size = Math.floor((size - 3) / 2) + 1;
  let channels = stem.channels;

  for (const [name, down] of BLOCKS) {
    const p = params[name] as ResidualParams;
    if (!down) {
      const c1 = g.add('Relu', [conv(x, p.conv1, 1, 1).out]);
      x = g.add('Relu', [g.add('Add', [conv(c1, p.conv2, 1, 1).out, x])]);
      continue;
    }
    // residual down: 3×3/2 'valid' conv path + 2×2/2 average-pool shortcut, zero-padded to match (as face-api does)
    const first = conv(x, p.conv1, 2, 0);
    const convSize = Math.floor((size - 3) / 2) + 1;
    const poolSize = Math.floor(size / 2);
    let c2 = conv(g.add('Relu', [first.out]), p.conv2, 1, 1).out;
    if (convSize !== poolSize) c2 = zeroPad(c2, [0, 0, 0, 0, 0, 0, 1, 1]); // one zero row at the bottom, column at the right
    let shortcut = g.add('AveragePool', [x], { ints: { kernel_shape: [2, 2], strides: [2, 2] } });
    if (first.channels !== channels) shortcut = zeroPad(shortcut, [0, 0, 0, 0, 0, first.channels - channels, 0, 0]);
    x = g.add('Relu', [g.add('Add', [shortcut, c2])]);
    size = poolSize;
    channels = first.channels;
  }
  const pooled = g.add('Flatten', [g.add('GlobalAveragePool', [x])], { int: { axis: 1 } });
  const fc = params.fc;
  g.nodes.push({ op: 'MatMul', inputs: [pooled, g.constant(fc.shape, Float32Array.from(fc.dataSync()))], output: RESNET_OUTPUT });
  return writeOnnxModel({
    nodes: g.nodes,
    initializers: g.initializers,
    input: { name: RESNET_INPUT, dims: ['batch', 3, inputSize, inputSize] },
    output: { name: RESNET_OUTPUT, dims: ['batch', fc.shape[1]] },
    opset: 13,
  });
}
