/**
 * Child process of the crash-safety test: adds random features to one database in a loop and, once the store
 * acknowledged a batch, appends its feature ids to <ackFile> (written and fsync'd before the next batch), then
 * prints a line on stdout (only a "started" signal: a pipe's unread bytes die with the process). The parent
 * kills it with SIGKILL at random moments and trusts the ack file alone.
 * Usage: crash-writer <dataDir> <dbId> <ackFile>
 */
import { fsyncSync, openSync, writeSync } from 'node:fs';
import { FeatureStore } from '../../../src/local-face-api/store';
import { randomUnitVector, seededRandom } from './vectors';

const [dataDir, dbId, ackFile] = process.argv.slice(2);
const store = new FeatureStore(dataDir);
const acks = openSync(ackFile, 'a');
const random = seededRandom(process.pid);
for (;;) {
  const batch = Array.from({ length: 1 + Math.floor(random() * 16) }, () => ({
    embedding: randomUnitVector(128, random),
    extraInfo: 'x'.repeat(Math.floor(random() * 2000)),
  }));
  const outcomes = store.addFeatures(dbId, batch);
  if (!outcomes) throw new Error(`database ${dbId} is missing`);
  const ids = outcomes.flatMap((outcome) => ('feature' in outcome ? [`${outcome.feature.feature_id}\n`] : []));
  // one write per batch, after its commit returned; fsync so the acknowledgement is as durable as the data
  writeSync(acks, ids.join(''));
  fsyncSync(acks);
  process.stdout.write('.');
}
