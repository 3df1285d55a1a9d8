import { DatabaseMatrix, TopK, VectorIndex } from '../../src/local-face-api/vector-index';
import { randomUnitVector, seededRandom } from './support/vectors';

const DIM = 37; // not a multiple of 4: exercises the scan's tail loop
const random = seededRandom(11);

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
      const expected = bruteForce(rows, query, k);
      expect(best.items.map((c) => c.featureId)).toEqual(expected.map((c) => c.featureId));
      best.items.forEach((c, i) => expect(c.cosine).toBeCloseTo(expected[i].cosine, 5));
    }
  });

  it('an exact copy of a stored embedding is found first with cosine 1', () => {
    const matrix = new DatabaseMatrix(DIM, rows.map(([featureId, embedding]) => ({ featureId, embedding })));
    const best = new TopK(3);
    matrix.scan(rows[123][1], best);
    expect(best.items[0].featureId).toBe('f123');
    expect(best.items[0].cosine).toBeCloseTo(1, 5);
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
    expect(best.items.map((c) => c.featureId)).toEqual(bruteForce(kept, query, kept.length).map((c) => c.featureId));
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
