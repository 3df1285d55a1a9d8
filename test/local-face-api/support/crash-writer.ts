/**
 * Child process of the crash-safety test: adds random features to one database in a loop and prints each
 * feature id on stdout once the store acknowledged it. The parent kills it with SIGKILL at random moments.
 * Usage: crash-writer <dataDir> <dbId>
 */
import { FeatureStore } from '../../../src/local-face-api/store';
import { randomUnitVector, seededRandom } from './vectors';

const [dataDir, dbId] = process.argv.slice(2);
const store = new FeatureStore(dataDir);
const random = seededRandom(process.pid);
for (;;) {
  const batch = Array.from({ length: 1 + Math.floor(random() * 16) }, () => ({
    embedding: randomUnitVector(128, random),
    extraInfo: 'x'.repeat(Math.floor(random() * 2000)),
  }));
  const outcomes = store.addFeatures(dbId, batch);
  if (!outcomes) throw new Error(`database ${dbId} is missing`);
  // stdout to a pipe is synchronous on Linux: a printed id was written after its commit returned.
  for (const outcome of outcomes) if ('feature' in outcome) process.stdout.write(`${outcome.feature.feature_id}\n`);
}
