import { createDotKernel, STRIDE_MULTIPLE } from './dot-kernel';
import type { StoredEmbedding } from './store';

/**
 * In-memory search matrices, one per feature database: the embeddings of a database in one contiguous block of
 * int8 rows (each row scaled to ±127 by its own largest value), scanned with SIMD integer dot products against an
 * int16 copy of the query (embeddings are L2-normalised, so dot product = cosine). int8 costs a quarter of
 * float32's memory and bandwidth; on lfw-dev it changes no identification figure and a score by at most 0.0022
 * (docs/engine.md). A database's matrix is loaded from the store on its first search and kept in sync on add/delete.
 */

export interface Candidate {
  featureId: string;
  cosine: number;
}

/** The k best candidates seen so far, sorted by cosine descending. */
export class TopK {
  readonly items: Candidate[] = [];

  constructor(private readonly k: number) {}

  /** Lowest cosine that still gets in. */
  get threshold(): number {
    return this.items.length < this.k ? -Infinity : this.items[this.items.length - 1].cosine;
  }

  offer(featureId: string, cosine: number): void {
    if (cosine <= this.threshold) return;
    let at = this.items.length;
    while (at > 0 && this.items[at - 1].cosine < cosine) at--;
    this.items.splice(at, 0, { featureId, cosine });
    if (this.items.length > this.k) this.items.pop();
  }
}

const PAGE_BYTES = 65536;
/** A 32-bit WebAssembly memory is at most 4 GiB. */
const MAX_MEMORY_BYTES = 65536 * PAGE_BYTES;
/** The int16 query lives at byte 0; rows start at the second page (so a query may have up to 32768 dimensions). */
const DATA_OFFSET = PAGE_BYTES;
const INT8_MAX = 127;
const INT16_MAX = 32767;

/**
 * One database's embeddings in the memory of its own WebAssembly SIMD kernel: int8 rows of `stride` bytes
 * (the dimension padded with zeros to a multiple of 16) from DATA_OFFSET, then room for one int32 sum per row.
 * `scales[row]` turns the row back into its float values.
 */
export class DatabaseMatrix {
  private readonly kernel = createDotKernel();
  private readonly stride: number;
  private capacity = 0;
  /** the rows region of the kernel memory; replaced whenever the memory grows (growing detaches views) */
  private rowsView = new Int8Array(0);
  private scales = new Float32Array(0);
  /** the largest query value that keeps every kernel sum within int32 */
  private readonly queryMax: number;
  private readonly ids: string[] = [];
  private readonly rowOf = new Map<string, number>();

  constructor(
    readonly dim: number,
    initial: StoredEmbedding[] = [],
  ) {
    if (dim < 1 || dim * 2 > DATA_OFFSET) throw new Error(`unsupported embedding size ${dim}`);
    this.stride = Math.ceil(dim / STRIDE_MULTIPLE) * STRIDE_MULTIPLE;
    this.queryMax = Math.min(INT16_MAX, Math.floor((2 ** 31 - 1) / (INT8_MAX * this.stride)));
    this.reserve(Math.max(initial.length, 64));
    for (const { featureId, embedding } of initial) this.add(featureId, embedding);
  }

  get size(): number {
    return this.ids.length;
  }

  add(featureId: string, embedding: Float32Array): void {
    if (embedding.length !== this.dim) {
      throw new Error(`embedding of ${embedding.length} values, the index holds ${this.dim}`);
    }
    const row = this.ids.length;
    if (row === this.capacity) this.reserve(this.capacity * 2);
    const scale = largestMagnitude(embedding) / INT8_MAX;
    const start = row * this.stride;
    for (let i = 0; i < this.dim; i++) this.rowsView[start + i] = scale > 0 ? Math.round(embedding[i] / scale) : 0;
    this.rowsView.fill(0, start + this.dim, start + this.stride);
    this.scales[row] = scale;
    this.ids.push(featureId);
    this.rowOf.set(featureId, row);
  }

  /** Removes a feature by moving the last row into its place (order does not matter for search). */
  remove(featureId: string): void {
    const row = this.rowOf.get(featureId);
    if (row === undefined) return;
    const last = this.ids.length - 1;
    if (row !== last) {
      this.rowsView.copyWithin(row * this.stride, last * this.stride, (last + 1) * this.stride);
      this.scales[row] = this.scales[last];
      this.ids[row] = this.ids[last];
      this.rowOf.set(this.ids[row], row);
    }
    this.ids.pop();
    this.rowOf.delete(featureId);
  }

  /** Offers every row's cosine with `query` to `best`. */
  scan(query: Float32Array, best: TopK): void {
    const rows = this.ids.length;
    if (rows === 0) return;
    const buffer = this.kernel.memory.buffer;
    const queryScale = largestMagnitude(query) / this.queryMax;
    const quantised = new Int16Array(buffer, 0, this.stride).fill(0);
    for (let i = 0; i < this.dim; i++) quantised[i] = queryScale > 0 ? Math.round(query[i] / queryScale) : 0;
    const scoresOffset = this.scoresOffset();
    this.kernel.dots(0, DATA_OFFSET, rows, this.stride, scoresOffset);
    const sums = new Int32Array(buffer, scoresOffset, rows);
    let threshold = best.threshold;
    for (let row = 0; row < rows; row++) {
      const cosine = sums[row] * this.scales[row] * queryScale;
      if (cosine > threshold) {
        best.offer(this.ids[row], cosine);
        threshold = best.threshold;
      }
    }
  }

  private scoresOffset(): number {
    return DATA_OFFSET + this.capacity * this.stride;
  }

  /** Rows (and their scores) that fit in the kernel's memory. */
  get maxRows(): number {
    return Math.floor((MAX_MEMORY_BYTES - DATA_OFFSET) / (this.stride + 4));
  }

  /** Grows the kernel memory to hold `capacity` rows and their scores (existing rows stay in place). */
  private reserve(wanted: number): void {
    if (this.capacity >= this.maxRows && wanted > this.capacity) {
      throw new Error(`a search matrix holds at most ${this.maxRows} features of ${this.dim} values`);
    }
    const capacity = Math.min(wanted, this.maxRows);
    const needed = DATA_OFFSET + capacity * (this.stride + 4);
    const memory = this.kernel.memory;
    if (needed > memory.buffer.byteLength) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE_BYTES));
    this.capacity = capacity;
    this.rowsView = new Int8Array(memory.buffer, DATA_OFFSET, capacity * this.stride);
    if (this.scales.length < capacity) {
      const scales = new Float32Array(capacity);
      scales.set(this.scales);
      this.scales = scales;
    }
  }
}

function largestMagnitude(v: Float32Array): number {
  let max = 0;
  for (const x of v) max = Math.max(max, Math.abs(x));
  return max;
}

export class VectorIndex {
  private readonly matrices = new Map<string, DatabaseMatrix>();

  constructor(
    private readonly dim: number,
    private readonly load: (dbId: string) => StoredEmbedding[],
  ) {}

  /** The k features of the given databases most similar to `query`, best first. */
  search(dbIds: string[], query: Float32Array, k: number): Candidate[] {
    const best = new TopK(k);
    for (const dbId of new Set(dbIds)) this.matrix(dbId).scan(query, best);
    return best.items;
  }

  /** Keeps a loaded matrix in sync after the store committed new features. */
  added(dbId: string, features: StoredEmbedding[]): void {
    const matrix = this.matrices.get(dbId);
    if (matrix) for (const { featureId, embedding } of features) matrix.add(featureId, embedding);
  }

  removed(dbId: string, featureId: string): void {
    this.matrices.get(dbId)?.remove(featureId);
  }

  dropped(dbId: string): void {
    this.matrices.delete(dbId);
  }

  private matrix(dbId: string): DatabaseMatrix {
    let matrix = this.matrices.get(dbId);
    if (!matrix) {
      matrix = new DatabaseMatrix(this.dim, this.load(dbId));
      this.matrices.set(dbId, matrix);
    }
    return matrix;
  }
}
