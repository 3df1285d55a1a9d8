/**
 * A minimal ONNX model writer (protobuf wire format by hand): just enough of onnx.proto — nodes with int/ints
 * attributes, float/int64 initializers, one float input and output — to run a converted network on
 * onnxruntime-node.
 */

class ProtoWriter {
  private readonly chunks: Buffer[] = [];

  varint(field: number, value: number): this {
    this.chunks.push(Buffer.from([...encodeVarint((field << 3) | 0), ...encodeVarint(value)]));
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.chunks.push(Buffer.from([...encodeVarint((field << 3) | 2), ...encodeVarint(data.length)]), Buffer.from(data));
    return this;
  }

  string(field: number, text: string): this {
    return this.bytes(field, Buffer.from(text, 'utf8'));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function encodeVarint(value: number): number[] {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint out of range: ${value}`);
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

export interface OnnxNode {
  op: string;
  inputs: string[];
  output: string;
  ints?: Record<string, number[]>;
  int?: Record<string, number>;
}

export interface OnnxInitializer {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array;
}

const FLOAT = 1;
const INT64 = 7;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;

export function writeOnnxModel(graph: {
  nodes: OnnxNode[];
  initializers: OnnxInitializer[];
  input: { name: string; dims: Array<number | string> };
  output: { name: string; dims: Array<number | string> };
  opset: number;
}): Buffer {
  const valueInfo = (w: ProtoWriter, v: { name: string; dims: Array<number | string> }) =>
    w.string(1, v.name).message(2, (type) =>
      type.message(1, (tensor) =>
        tensor.varint(1, FLOAT).message(2, (shape) => {
          for (const d of v.dims) shape.message(1, (dim) => (typeof d === 'number' ? dim.varint(1, d) : dim.string(2, d)));
        }),
      ),
    );
  return new ProtoWriter()
    .varint(1, 7) // ir_version
    .string(2, 'face-engine')
    .message(7, (g) => {
      graph.nodes.forEach((n, i) =>
        g.message(1, (node) => {
          n.inputs.forEach((input) => node.string(1, input));
          node.string(2, n.output).string(3, `${n.op}_${i}`).string(4, n.op);
          for (const [name, value] of Object.entries(n.int ?? {})) node.message(5, (a) => a.string(1, name).varint(3, value).varint(20, ATTRIBUTE_INT));
          for (const [name, values] of Object.entries(n.ints ?? {})) {
            node.message(5, (a) => {
              a.string(1, name);
              values.forEach((v) => a.varint(8, v));
              a.varint(20, ATTRIBUTE_INTS);
            });
          }
        }),
      );
      g.string(2, 'graph');
      for (const t of graph.initializers) {
        g.message(5, (tensor) => {
          t.dims.forEach((d) => tensor.varint(1, d));
          tensor.varint(2, t.data instanceof Float32Array ? FLOAT : INT64).string(8, t.name);
          tensor.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
        });
      }
      g.message(11, (w) => valueInfo(w, graph.input));
      g.message(12, (w) => valueInfo(w, graph.output));
    })
    .message(8, (op) => op.string(1, '').varint(2, graph.opset))
    .finish();
}

/** Accumulates nodes and initializers with generated value names. */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];
  private counter = 0;

  add(op: string, inputs: string[], attributes: Partial<Pick<OnnxNode, 'ints' | 'int'>> = {}): string {
    const output = `${op.toLowerCase()}_${this.counter++}`;
    this.nodes.push({ op, inputs, output, ...attributes });
    return output;
  }

  constant(dims: number[], data: Float32Array | BigInt64Array): string {
    const name = `const_${this.counter++}`;
    this.initializers.push({ name, dims, data });
    return name;
  }

  /** 2-D convolution; `weights` already in ONNX order [out, in / group, kh, kw]. */
  conv(x: string, weights: Float32Array, dims: number[], bias: Float32Array, attributes: { stride: number; pads: number[]; group?: number }): string {
    const [, , kh, kw] = dims;
    return this.add('Conv', [x, this.constant(dims, weights), this.constant([dims[0]], bias)], {
      ints: { kernel_shape: [kh, kw], strides: [attributes.stride, attributes.stride], pads: attributes.pads },
      int: { group: attributes.group ?? 1 },
    });
  }
}

/** TensorFlow's 'same' padding as ONNX pads [top, left, bottom, right] (the odd pixel goes at the end). */
export function samePadding(size: number, kernel: number, stride: number): number[] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const begin = Math.floor(total / 2);
  return [begin, begin, total - begin, total - begin];
}

/** TFJS filters [kh, kw, in, out] as ONNX weights [out, in, kh, kw]. */
export function hwioToOihw(f: ArrayLike<number>, [kh, kw, cin, cout]: number[], scale?: ArrayLike<number>): Float32Array {
  const w = new Float32Array(cout * cin * kh * kw);
  for (let o = 0; o < cout; o++)
    for (let i = 0; i < cin; i++)
      for (let h = 0; h < kh; h++)
        for (let k = 0; k < kw; k++) w[((o * cin + i) * kh + h) * kw + k] = f[((h * kw + k) * cin + i) * cout + o] * (scale ? scale[o] : 1);
  return w;
}
