/**
 * A tiny WebAssembly SIMD kernel: the integer dot products of one int16 query with every int8 row of a matrix,
 * 16 values per step (rows widened to int16, `i32x4.dot_i16x8_s`). int8 rows read a quarter of the memory of
 * float32 ones, and a scan of a large matrix is bound by memory bandwidth. The module is assembled here from
 * its opcodes (no toolchain needed):
 *
 *   (func (export "dots") (param $q i32) (param $data i32) (param $rows i32) (param $stride i32) (param $out i32)
 *     for r in 0..rows: out[r] = Σ_j q16[j] * data8[r * stride + j]   ;; stride: bytes per row, a multiple of 16
 *   (memory (export "memory") 1)
 * The caller keeps every sum within int32: 127 · max|q| · stride < 2³¹.
 */

/** The parts of the WebAssembly API used here (the project compiles without the DOM lib that declares it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export interface DotKernel {
  memory: WasmMemory;
  /** byte offsets into memory; int16 query, int8 rows of `stride` bytes (a multiple of 16), int32 sums out */
  dots(query: number, data: number, rows: number, stride: number, out: number): void;
}

/** Bytes per matrix row must be a multiple of this (16 int8 values per loop step). */
export const STRIDE_MULTIPLE = 16;

function leb128(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

const section = (id: number, content: number[]) => [id, ...leb128(content.length), ...content];
const name = (text: string) => [text.length, ...Buffer.from(text)];

// Locals: 0 q, 1 data, 2 rows, 3 stride, 4 out (params); 5 r, 6 j, 7 p (i32); 8 acc, 9 x (v128).
const get = (local: number) => [0x20, local];
const set = (local: number) => [0x21, local];
const tee = (local: number) => [0x22, local];
const SIMD = 0xfd;
const V128_ZERO = [SIMD, 0x0c, ...new Array<number>(16).fill(0)];
const v128Load = (offset: number) => [SIMD, 0x00, 0x04, offset];
const I16X8_EXTEND_LOW_I8X16_S = [SIMD, 0x87, 0x01];
const I16X8_EXTEND_HIGH_I8X16_S = [SIMD, 0x88, 0x01];
const I32X4_DOT_I16X8_S = [SIMD, 0xba, 0x01];
const I32X4_ADD = [SIMD, 0xae, 0x01];
const extractLane = (lane: number) => [SIMD, 0x1b, lane];
const I32_ADD = 0x6a;
const I32_SHL = 0x74;
const i32 = (value: number) => [0x41, value]; // small non-negative constants only (< 64)
/** acc += dot(widen(x half), load(q + 2j + offset)) */
const multiplyAdd = (widen: number[], offset: number) => [
  ...get(8),
  ...get(9), ...widen,
  ...get(0), ...get(6), ...i32(1), I32_SHL, I32_ADD, ...v128Load(offset),
  ...I32X4_DOT_I16X8_S, ...I32X4_ADD, ...set(8),
];

const body = [
  0x02, 0x03, 0x7f, 0x02, 0x7b, // locals: 3 × i32, 2 × v128
  ...get(1), ...set(7), // p = data
  0x02, 0x40, // block
  0x03, 0x40, // loop (rows)
  ...get(5), ...get(2), 0x4f, 0x0d, 0x01, // if r >= rows: exit block
  ...V128_ZERO, ...set(8),
  ...i32(0), ...set(6), // j = 0
  0x03, 0x40, // loop (columns, 16 int8 values per step)
  ...get(7), ...get(6), I32_ADD, ...v128Load(0), ...set(9), // x = 16 row values
  ...multiplyAdd(I16X8_EXTEND_LOW_I8X16_S, 0),
  ...multiplyAdd(I16X8_EXTEND_HIGH_I8X16_S, 16),
  ...get(6), ...i32(16), I32_ADD, ...tee(6), // j += 16
  ...get(3), 0x49, 0x0d, 0x00, // if j < stride: continue columns
  0x0b,
  ...get(4), ...get(5), ...i32(2), I32_SHL, I32_ADD, // &out[r]
  ...get(8), ...extractLane(0),
  ...get(8), ...extractLane(1), I32_ADD,
  ...get(8), ...extractLane(2), I32_ADD,
  ...get(8), ...extractLane(3), I32_ADD,
  0x36, 0x02, 0x00, // i32.store
  ...get(7), ...get(3), I32_ADD, ...set(7), // p += stride
  ...get(5), ...i32(1), I32_ADD, ...set(5), // r += 1
  0x0c, 0x00, // next row
  0x0b, // end loop (rows)
  0x0b, // end block
  0x0b, // end function
];

const MODULE_BYTES = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  ...section(1, [0x01, 0x60, 0x05, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x00]), // type: (i32 ×5) → ()
  ...section(3, [0x01, 0x00]), // one function of type 0
  ...section(5, [0x01, 0x00, 0x01]), // one memory, 1 page initially
  ...section(7, [0x02, ...name('memory'), 0x02, 0x00, ...name('dots'), 0x00, 0x00]),
  ...section(10, [0x01, ...leb128(body.length), ...body]),
]);

let compiled: object | undefined;

/** A fresh instance (its own memory); the compiled module is shared. */
export function createDotKernel(): DotKernel {
  compiled ??= new wasm.Module(MODULE_BYTES);
  const instance = new wasm.Instance(compiled);
  return instance.exports as unknown as DotKernel;
}
