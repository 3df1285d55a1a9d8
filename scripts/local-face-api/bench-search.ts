/**
 * Search latency of the local Face API's storage + in-memory matrices (no HTTP, no image analysis):
 * synthetic random unit vectors in a real SQLite file, searched through FaceLibrary.search (scan, top-k,
 * calibration, feature rows from SQLite). Prints p50/p99 at each size. Usage: npm run bench:search [-- sizes...]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { calibrate, EMBEDDING_SIZE } from '../../src/local-face-api/engine';
import { FaceLibrary } from '../../src/local-face-api/library';
import { FeatureStore } from '../../src/local-face-api/store';
import { randomUnitVector, seededRandom } from '../../test/local-face-api/support/vectors';
import { percentile } from '../../tools/stats';

const QUERIES = 200;
const TOP_K = 10;
const INSERT_CHUNK = 5000;

/**
 * The scan in plain JS over one contiguous Float32Array with four accumulators (the implementation the SIMD
 * kernel replaced), timed on the same vectors for a same-run ratio.
 */
function plainJsScanMs(matrix: Float32Array, dim: number, probe: Float32Array): number {
  const started = performance.now();
  let best = -Infinity;
  for (let offset = 0; offset < matrix.length; offset += dim) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < dim; j += 4) {
      s0 += probe[j] * matrix[offset + j];
      s1 += probe[j + 1] * matrix[offset + j + 1];
      s2 += probe[j + 2] * matrix[offset + j + 2];
      s3 += probe[j + 3] * matrix[offset + j + 3];
    }
    best = Math.max(best, s0 + s1 + s2 + s3);
  }
  return performance.now() - started;
}

function measure(size: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'bench-search-'));
  const random = seededRandom(size);
  try {
    const store = new FeatureStore(dir);
    const { db_id: dbId } = store.createDatabase({ name: 'bench', description: '', maxSize: size });
    const contiguous = new Float32Array(size * EMBEDDING_SIZE);
    let started = performance.now();
    for (let done = 0; done < size; done += INSERT_CHUNK) {
      const chunk = Array.from({ length: Math.min(INSERT_CHUNK, size - done) }, (_, i) => ({
        embedding: randomUnitVector(EMBEDDING_SIZE, random),
        extraInfo: `person-${done + i}`,
      }));
      store.addFeatures(dbId, chunk);
      chunk.forEach((feature, i) => contiguous.set(feature.embedding, (done + i) * EMBEDDING_SIZE));
    }
    const insertSeconds = (performance.now() - started) / 1000;

    const library = new FaceLibrary(store, EMBEDDING_SIZE, calibrate);
    started = performance.now();
    library.search([dbId], randomUnitVector(EMBEDDING_SIZE, random), TOP_K, 0); // first search loads the matrix
    const loadMs = performance.now() - started;

    const times: number[] = [];
    for (let q = 0; q < QUERIES; q++) {
      const probe = randomUnitVector(EMBEDDING_SIZE, random);
      started = performance.now();
      const hits = library.search([dbId], probe, TOP_K, 0);
      times.push(performance.now() - started);
      if (hits.length !== TOP_K) throw new Error(`expected ${TOP_K} hits, got ${hits.length}`);
    }
    times.sort((a, b) => a - b);
    const jsTimes = Array.from({ length: 20 }, () => plainJsScanMs(contiguous, EMBEDDING_SIZE, randomUnitVector(EMBEDDING_SIZE, random)));
    jsTimes.sort((a, b) => a - b);
    console.log(
      `${String(size).padStart(7)} features × ${EMBEDDING_SIZE}-D | search p50 ${percentile(times, 50).toFixed(2)} ms` +
        ` p99 ${percentile(times, 99).toFixed(2)} ms | first search (load from SQLite) ${loadMs.toFixed(0)} ms` +
        ` | insert ${(size / insertSeconds).toFixed(0)} features/s` +
        ` | plain-JS scan p50 ${percentile(jsTimes, 50).toFixed(2)} ms (${(percentile(jsTimes, 50) / percentile(times, 50)).toFixed(1)}× the search)`,
    );
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
console.log(`search benchmark: ${QUERIES} queries, top_k ${TOP_K}, node ${process.version}`);
for (const size of sizes.length > 0 ? sizes : [10_000, 100_000]) measure(size);
