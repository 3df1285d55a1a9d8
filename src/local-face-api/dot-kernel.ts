/**
 * A tiny WebAssembly SIMD kernel: the integer dot products of one int16 query with every int8 row of a matrix,
 * 16 values per step (rows widened to int16, `i32x4.dot_i16x8_s`). int8 rows read a quarter of the memory of
 * float32 ones, and a scan of a large matrix is bound by memory bandwidth. The source is `dot-kernel.wat`;
 * `dot-kernel.wasm` is it assembled by wabt (`npm run wasm`), and a test checks that the two match.
 * The caller keeps every sum within int32: 127 · max|q| · stride < 2³¹.
 */
import * as fs from 'fs';
import * as path from 'path';

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

/** dot-kernel.wat assembled: next to this file in src/ and, copied by the build, in dist/ */
const MODULE_FILE = path.join(__dirname, 'dot-kernel.wasm');

let compiled: object | undefined;

/** A fresh instance (its own memory); the compiled module is shared. */
export function createDotKernel(): DotKernel {
  compiled ??= new wasm.Module(fs.readFileSync(MODULE_FILE));
  const instance = new wasm.Instance(compiled);
  return instance.exports as unknown as DotKernel;
}
