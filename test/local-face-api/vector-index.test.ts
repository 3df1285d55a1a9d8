import { DatabaseMatrix, TopK, VectorIndex } from '../../src/local-face-api/vector-index';
import { randomUnitVector, seededRandom } from './support/vectors';

const DIM = 37; // not a multiple of 16: exercises the zero padding of rows and query
const random = seededRandom(11);
/** int8 rows and an int16 query: a cosine may differ from the exact one by this much */
const QUANTISATION = 0.003;

/** `found` is the brute-force top k up to quantisation: true cosines, ties within QUANTISATION in any order. */
function expectTopK(found: Array<{ featureId: string; cosine: number }>, rows: Array<[string, Float32Array]>, query: Float32Array, k: number) {
  const exact = new Map(bruteForce(rows, query, rows.length).map((c) => [c.featureId, c.cosine]));
  const kth = bruteForce(rows, query, k)[k - 1].cosine;
  expect(found).toHaveLength(k);
  found.forEach((c, i) => {
    expect(Math.abs(c.cosine - exact.get(c.featureId)!)).toBeLessThan(QUANTISATION);
    expect(exact.get(c.featureId)!).toBeGreaterThan(kth - 2 * QUANTISATION);
    if (i > 0) expect(c.cosine).toBeLessThanOrEqual(found[i - 1].cosine);
  });
  expect(new Set(found.map((c) => c.featureId)).size).toBe(k);
}

function bruteForce(rows: Array<[string, Float32Array]>, query: Float32Array, k: number) {
  return rows
    .map(([featureId, v]) => ({ featureId, cosine: v.reduce((sum, x, i) => sum + x * query[i], 0) }))
    .sort((a, b) => b.cosine - a.cosine)
    .slice(0, k);
}

describe('VectorIndex', () => {
  const rows: Array<[string, Float32Array]> = Array.from({ length: 500 }, (_, i) => [
    `f${i}`,
    randomUnitVector(DIM, random),
  ]);

  it('finds the same top k as a brute-force scan, best first', () => {
    const matrix = new DatabaseMatrix(DIM, rows.map(([featureId, embedding]) => ({ featureId, embedding })));
    for (const k of [1, 7, 100]) {
      const query = randomUnitVector(DIM, random);
      const best = new TopK(k);
      matrix.scan(query, best);
      expectTopK(best.items, rows, query, k);
    }
  });

  it('an exact copy of a stored embedding is found first with cosine 1', () => {
    const matrix = new DatabaseMatrix(DIM, rows.map(([featureId, embedding]) => ({ featureId, embedding })));
    const best = new TopK(3);
    matrix.scan(rows[123][1], best);
    expect(best.items[0].featureId).toBe('f123');
    expect(Math.abs(best.items[0].cosine - 1)).toBeLessThan(QUANTISATION);
  });

  it('stays correct after removals (last row moved into the hole) and growth', () => {
    const matrix = new DatabaseMatrix(DIM);
    rows.forEach(([id, v]) => matrix.add(id, v)); // grows from 64 rows
    const kept = rows.filter((_, i) => i % 3 !== 0);
    rows.filter((_, i) => i % 3 === 0).forEach(([id]) => matrix.remove(id));
    matrix.remove('never-added');
    expect(matrix.size).toBe(kept.length);
    const query = randomUnitVector(DIM, random);
    const best = new TopK(kept.length);
    matrix.scan(query, best);
    expectTopK(best.items, kept, query, kept.length);
  });

  it('ranks 512-D embeddings like float32 does, the largest values included', () => {
    const wide = Array.from({ length: 300 }, (_, i): [string, Float32Array] => [`w${i}`, randomUnitVector(512, random)]);
    wide[7][1].fill(1 / Math.sqrt(512)); // every value at the extreme: the largest sum the kernel can meet
    const matrix = new DatabaseMatrix(512, wide.map(([featureId, embedding]) => ({ featureId, embedding })));
    const best = new TopK(20);
    const query = wide[7][1];
    matrix.scan(query, best);
    expect(best.items[0].featureId).toBe('w7');
    expectTopK(best.items, wide, query, 20);
  });

  it('refuses an embedding of the wrong size', () => {
    expect(() => new DatabaseMatrix(DIM).add('x', new Float32Array(DIM + 1))).toThrow(/38 values/);
  });

  it('loads a database lazily, merges several databases and follows add/remove/drop', () => {
    const loads: string[] = [];
    const stored: Record<string, Array<[string, Float32Array]>> = { a: rows.slice(0, 10), b: rows.slice(10, 20) };
    const index = new VectorIndex(DIM, (dbId) => {
      loads.push(dbId);
      return stored[dbId].map(([featureId, embedding]) => ({ featureId, embedding }));
    });
    index.added('a', [{ featureId: 'ignored-before-load', embedding: rows[0][1] }]);
    expect(index.search(['a', 'b', 'a'], rows[15][1], 1)[0].featureId).toBe('f15');
    expect(loads).toEqual(['a', 'b']);
    index.added('b', [{ featureId: 'new', embedding: rows[300][1] }]);
    expect(index.search(['b'], rows[300][1], 1)[0].featureId).toBe('new');
    index.removed('b', 'new');
    expect(index.search(['b'], rows[300][1], 20).map((c) => c.featureId)).not.toContain('new');
    index.dropped('a');
    index.search(['a'], rows[0][1], 1);
    expect(loads).toEqual(['a', 'b', 'a']);
  });
});
