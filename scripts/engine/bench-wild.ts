/**
 * Verification on uncropped photos: the 299 same/different pairs of ../shared/datasets/wild-deepface
 * (images/master.csv). Prints the accuracy at score 0.8 (a pair is called "same" at or above it), the share of
 * same-person pairs accepted and of different-person pairs refused, and photos without a usable face.
 * Usage: npm run bench:wild
 */
import * as fs from 'fs';
import * as path from 'path';
import { createFaceEngine, ImageError } from '../../src/local-face-api/engine';
import { pct } from './dataset';

const DIR = path.resolve(__dirname, '../../../shared/datasets/wild-deepface/images');
const THRESHOLD = 0.8;

async function main(): Promise<void> {
  const csv = path.join(DIR, 'master.csv');
  if (!fs.existsSync(csv)) {
    console.error(`wild-deepface not found at ${DIR}: this measurement needs ../shared/datasets/wild-deepface`);
    process.exit(2);
  }
  const listed = fs.readFileSync(csv, 'utf8').trim().split(/\r?\n/).slice(1).map((line) => line.split(','));
  // the set lacks a photo that master.csv names (img1.jpg): its pairs cannot be measured
  const pairs = listed.filter(([a, b]) => fs.existsSync(path.join(DIR, a)) && fs.existsSync(path.join(DIR, b)));
  const files = [...new Set(pairs.flatMap(([a, b]) => [a, b]))];
  const engine = await createFaceEngine();
  const embeddings = new Map<string, Float32Array>();
  await Promise.all(
    files.map(async (file) => {
      try {
        embeddings.set(file, (await engine.embedLargest(fs.readFileSync(path.join(DIR, file)))).embedding);
      } catch (error) {
        if (!(error instanceof ImageError)) throw error;
      }
    }),
  );
  const tally = { same: 0, sameAccepted: 0, different: 0, differentRefused: 0 };
  for (const [a, b, decision] of pairs) {
    const x = embeddings.get(a);
    const y = embeddings.get(b);
    const accepted = x !== undefined && y !== undefined && engine.similarity(x, y) >= THRESHOLD;
    if (decision === 'Yes') {
      tally.same++;
      if (accepted) tally.sameAccepted++;
    } else {
      tally.different++;
      if (!accepted) tally.differentRefused++;
    }
  }
  await engine.close();
  console.log(
    `wild-deepface: ${pairs.length} pairs (${tally.same} same, ${tally.different} different), ${files.length} photos; ` +
      `${listed.length - pairs.length} of ${listed.length} listed pairs name a photo the set lacks`,
  );
  console.log(`accuracy at score >= ${THRESHOLD}: ${pct((tally.sameAccepted + tally.differentRefused) / pairs.length)}`);
  console.log(`same-person pairs accepted: ${pct(tally.sameAccepted / tally.same)}; different-person pairs refused: ${pct(tally.differentRefused / tally.different)}`);
  console.log(`photos without a usable face (their pairs count as refused): ${files.length - embeddings.size}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
