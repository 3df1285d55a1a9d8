/**
 * Identification on lfw-dev: enrol one photo for each of 300 people (≥ 2 photos), probe with their other photos
 * and with the never-enrolled distractors. Prints rank-1, genuine found and distractors matched at score 0.8,
 * and photos without a usable face. Usage: npm run bench:identification [-- --people 300]
 */
import { calibrate } from '../../src/local-face-api/engine';
import { dot, embedPhotos, loadLabels, pct, splitPeople, type EmbeddedPhoto } from './dataset';

const THRESHOLD = 0.8;

async function main(): Promise<void> {
  const peopleArg = process.argv.indexOf('--people');
  const people = peopleArg > 0 ? Number(process.argv[peopleArg + 1]) : 300;
  const labels = loadLabels();
  const { bench } = splitPeople(labels, people);
  const chosen = labels.filter((p) => bench.has(p.identity) || p.role === 'distractor');
  const { results, seconds } = await embedPhotos(chosen);

  const gallery: EmbeddedPhoto[] = [];
  const genuine: EmbeddedPhoto[] = [];
  const seen = new Set<string>();
  for (const r of results.filter((p) => p.role === 'enrolled')) {
    // enrol the first photo of each person that has a usable face; the others probe
    if (!seen.has(r.identity) && r.embedding) {
      seen.add(r.identity);
      gallery.push(r);
    } else genuine.push(r);
  }
  const distractors = results.filter((p) => p.role === 'distractor');
  const best = (probe: EmbeddedPhoto) => {
    let top = { score: -1, identity: '' };
    for (const g of gallery) {
      const score = calibrate(dot(probe.embedding!, g.embedding!));
      if (score > top.score) top = { score, identity: g.identity };
    }
    return top;
  };
  let rank1 = 0;
  let foundAt = 0;
  for (const probe of genuine) {
    if (!probe.embedding) continue;
    const top = best(probe);
    if (top.identity === probe.identity) {
      rank1++;
      if (top.score >= THRESHOLD) foundAt++;
    }
  }
  const wronglyMatched = distractors.filter((d) => d.embedding && best(d).score >= THRESHOLD).length;
  const noFace = results.filter((r) => !r.embedding);
  console.log(`lfw-dev identification: ${gallery.length} people enrolled, ${genuine.length} genuine probes, ${distractors.length} distractor probes`);
  console.log(`rank-1 (genuine probes, a photo without a face counts as a miss): ${pct(rank1 / genuine.length)}`);
  console.log(`genuine found at score >= ${THRESHOLD} (top-1 correct and >= ${THRESHOLD}): ${pct(foundAt / genuine.length)}`);
  console.log(`distractors wrongly matched at score >= ${THRESHOLD}: ${pct(wronglyMatched / distractors.length)} (${wronglyMatched})`);
  console.log(`photos with no usable face: ${pct(noFace.length / results.length)} (${noFace.length} of ${results.length})${noFace.length ? ': ' + noFace.slice(0, 10).map((r) => `${r.file} ${r.failure}`).join(', ') : ''}`);
  if (Number.isFinite(seconds)) console.log(`embedding throughput: ${(results.length / seconds).toFixed(1)} photos/s over ${results.length} photos`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
