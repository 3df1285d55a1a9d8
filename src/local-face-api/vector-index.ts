import type { StoredEmbedding } from './store';

/**
 * In-memory search matrices, one per feature database: the embeddings of a database in one contiguous
 * Float32Array, scanned with dot products (embeddings are L2-normalised, so dot product = cosine).
 * A database's matrix is loaded from the store on its first search and then kept in sync on add/delete.
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

export class DatabaseMatrix {
  private data: Float32Array;
  private readonly ids: string[] = [];
  private readonly rowOf = new Map<string, number>();

  constructor(
    readonly dim: number,
    initial: StoredEmbedding[] = [],
  ) {
    this.data = new Float32Array(Math.max(initial.length, 64) * dim);
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
    if ((row + 1) * this.dim > this.data.length) {
      const grown = new Float32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(embedding, row * this.dim);
    this.ids.push(featureId);
    this.rowOf.set(featureId, row);
  }

  /** Removes a feature by moving the last row into its place (order does not matter for search). */
  remove(featureId: string): void {
    const row = this.rowOf.get(featureId);
    if (row === undefined) return;
    const last = this.ids.length - 1;
    if (row !== last) {
      this.data.copyWithin(row * this.dim, last * this.dim, (last + 1) * this.dim);
      this.ids[row] = this.ids[last];
      this.rowOf.set(this.ids[row], row);
    }
    this.ids.pop();
    this.rowOf.delete(featureId);
  }

  /** Offers every row's cosine with `query` to `best`. */
  scan(query: Float32Array, best: TopK): void {
    const { data, dim } = this;
    const rows = this.ids.length;
    const tail = dim - (dim % 4);
    for (let row = 0, offset = 0; row < rows; row++, offset += dim) {
      // Four accumulators let the JIT overlap the multiply-adds.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      for (; j < tail; j += 4) {
        s0 += query[j] * data[offset + j];
        s1 += query[j + 1] * data[offset + j + 1];
        s2 += query[j + 2] * data[offset + j + 2];
        s3 += query[j + 3] * data[offset + j + 3];
      }
      for (; j < dim; j++) s0 += query[j] * data[offset + j];
      const cosine = s0 + s1 + s2 + s3;
      if (cosine > best.threshold) best.offer(this.ids[row], cosine);
    }
  }
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
