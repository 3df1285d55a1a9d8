/**
 * Converts face-api's 68-point landmark net (TFJS weights; layout from face-api's FaceFeatureExtractor and
 * FaceLandmark68Net) into an ONNX graph for onnxruntime-node. Four dense blocks of (separable) 3×3 convs with
 * TensorFlow 'same' padding, a 7×7 average pool and a dense layer giving 68 (x, y) pairs relative to the input.
 * Input: NCHW float crops normalised as face-api does ((rgb − mean) / 255).
 */
import { GraphBuilder, hwioToOihw, samePadding, writeOnnxModel } from './onnx-writer';

/** The face-api tensors the conversion reads: `.shape` and `.dataSync()`. */
export interface WeightTensor {
  shape: number[];
  dataSync(): Float32Array | Int32Array | Uint8Array;
}

interface SeparableParams {
  depthwise_filter: WeightTensor;
  pointwise_filter: WeightTensor;
  bias: WeightTensor;
}
interface DenseBlockParams {
  conv0: SeparableParams | { filters: WeightTensor; bias: WeightTensor };
  conv1: SeparableParams;
  conv2: SeparableParams;
  conv3: SeparableParams;
}
export interface LandmarkParams {
  featureExtractor: Record<'dense0' | 'dense1' | 'dense2' | 'dense3', DenseBlockParams>;
  fc: { weights: WeightTensor; bias: WeightTensor };
}

export const LANDMARKS_INPUT = 'crop';
export const LANDMARKS_OUTPUT = 'landmarks';
/** face-api's per-channel RGB means */
const MEAN_RGB = [122.782, 117.001, 104.298];

/** RGB crops (HWC bytes, `size`²) as the network's NCHW float input. */
export function landmarksInput(crops: Uint8Array[], size: number): Float32Array {
  const plane = size * size;
  const input = new Float32Array(crops.length * 3 * plane);
  crops.forEach((crop, n) => {
    for (let i = 0; i < plane; i++) {
      for (let c = 0; c < 3; c++) input[(n * 3 + c) * plane + i] = (crop[i * 3 + c] - MEAN_RGB[c]) / 255;
    }
  });
  return input;
}

export function landmarksToOnnx(params: LandmarkParams, inputSize = 112): Buffer {
  const g = new GraphBuilder();
  let size = inputSize;

  const separable = (x: string, p: SeparableParams, stride: number, at: number) => {
    const [kh, kw, channels] = p.depthwise_filter.shape;
    const depthwise = g.conv(x, hwioToOihw(p.depthwise_filter.dataSync(), [kh, kw, 1, channels]), [channels, 1, kh, kw], new Float32Array(channels), {
      stride,
      pads: samePadding(at, kh, stride),
      group: channels,
    });
    const [, , cin, cout] = p.pointwise_filter.shape;
    return g.conv(depthwise, hwioToOihw(p.pointwise_filter.dataSync(), p.pointwise_filter.shape), [cout, cin, 1, 1], Float32Array.from(p.bias.dataSync()), { stride: 1, pads: [0, 0, 0, 0] });
  };

  let x = LANDMARKS_INPUT;
  for (const [i, block] of (['dense0', 'dense1', 'dense2', 'dense3'] as const).entries()) {
    const p = params.featureExtractor[block];
    let first: string;
    if (i === 0) {
      const c = p.conv0 as { filters: WeightTensor; bias: WeightTensor };
      const [kh, kw, cin, cout] = c.filters.shape;
      first = g.conv(x, hwioToOihw(c.filters.dataSync(), c.filters.shape), [cout, cin, kh, kw], Float32Array.from(c.bias.dataSync()), { stride: 2, pads: samePadding(size, kh, 2) });
    } else {
      first = separable(x, p.conv0 as SeparableParams, 2, size);
    }
    size = Math.ceil(size / 2);
    // out_k = relu(sum of the block's earlier outputs): conv1..3 outputs enter the sums before their relu
    const n = g.add('Relu', [first]);
    const s = separable(n, p.conv1, 1, size);
    const i2 = separable(g.add('Relu', [g.add('Add', [n, s])]), p.conv2, 1, size);
    const m = separable(g.add('Relu', [g.add('Add', [n, g.add('Add', [s, i2])])]), p.conv3, 1, size);
    x = g.add('Relu', [g.add('Add', [n, g.add('Add', [s, g.add('Add', [i2, m])])])]);
  }
  const pooled = g.add('Flatten', [g.add('AveragePool', [x], { ints: { kernel_shape: [7, 7], strides: [2, 2] } })], { int: { axis: 1 } });
  const { weights, bias } = params.fc;
  const product = g.add('MatMul', [pooled, g.constant(weights.shape, Float32Array.from(weights.dataSync()))]);
  g.nodes.push({ op: 'Add', inputs: [product, g.constant(bias.shape, Float32Array.from(bias.dataSync()))], output: LANDMARKS_OUTPUT });
  return writeOnnxModel({
    nodes: g.nodes,
    initializers: g.initializers,
    input: { name: LANDMARKS_INPUT, dims: ['batch', 3, inputSize, inputSize] },
    output: { name: LANDMARKS_OUTPUT, dims: ['batch', 136] },
    opset: 13,
  });
}
