/**
 * Images per second through the local Face API's HTTP interface with the real engine: batch add (16 photos per
 * request) and search (one probe per request, 2 in flight). Photos: LFW 250×250 from ../shared/datasets when
 * present, else single-face crops of the face-api demo samples. Usage: npm run bench:face-api-http [-- photos]
 */
import { performance } from 'node:perf_hooks';
import { createFaceEngine } from '../../src/local-face-api/engine';
import { FaceApiClient, startTestApi } from '../../test/local-face-api/support/api';
import { faceCrops, lfwPhoto, lfwPhotos } from '../../test/local-face-api/support/photos';
import { percentile } from '../../tools/stats';

const BATCH = 16;
const SEARCH_CONCURRENCY = 2;

async function photos(count: number, detect: (image: Buffer) => Promise<Array<{ rectangle: { left: number; top: number; width: number; height: number } }>>) {
  const lfw = lfwPhotos();
  if (lfw) {
    return { source: 'LFW 250×250', images: lfw.filter((p) => p.role === 'enrolled').slice(0, count).map(lfwPhoto) };
  }
  const crops: Buffer[] = [];
  for (let sample = 1; sample <= 6; sample++) crops.push(...(await faceCrops(detect, sample)));
  return { source: 'demo sample crops', images: Array.from({ length: count }, (_, i) => crops[i % crops.length]) };
}

async function addAll(client: FaceApiClient, dbId: string, images: string[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < images.length; i += BATCH) {
    const answer = await client.call('POST', `databases/${dbId}/features`, {
      images: images.slice(i, i + BATCH).map((data, k) => ({ image: { data }, extra_info: `photo-${i + k}` })),
    });
    added += answer.body.results.filter((r: { code: number }) => r.code === 0).length;
  }
  return added;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 160);
  const engine = await createFaceEngine();
  const t = await startTestApi(engine);
  try {
    const { source, images } = await photos(count, (image) => engine.detect(image));
    const encoded = images.map((image) => image.toString('base64'));
    const dbId = await t.client.createDatabase(count * 2);
    await addAll(t.client, await t.client.createDatabase(BATCH), encoded.slice(0, BATCH)); // warm-up

    // The engine alone, same batches: what the HTTP layer (base64, JSON, SQLite, auth) adds on top.
    let started = performance.now();
    for (let i = 0; i < images.length; i += BATCH) {
      await Promise.all(images.slice(i, i + BATCH).map((image) => engine.embedLargest(image).catch(() => undefined)));
    }
    const engineSeconds = (performance.now() - started) / 1000;

    started = performance.now();
    const added = await addAll(t.client, dbId, encoded);
    const addSeconds = (performance.now() - started) / 1000;

    const latencies: number[] = [];
    let next = 0;
    started = performance.now();
    await Promise.all(
      Array.from({ length: SEARCH_CONCURRENCY }, async () => {
        while (next < encoded.length) {
          const data = encoded[next++];
          const begin = performance.now();
          await t.client.call('POST', 'databases/search', { image: { data }, db_ids: [dbId], top_k: 5 });
          latencies.push(performance.now() - begin);
        }
      }),
    );
    const searchSeconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);

    console.log(`HTTP benchmark: ${images.length} photos (${source}), engine models ${JSON.stringify(engine.models)}`);
    console.log(`engine alone (embedLargest, ${BATCH} at a time): ${(images.length / engineSeconds).toFixed(1)} photos/s`);
    console.log(
      `batch add: ${(images.length / addSeconds).toFixed(1)} photos/s (${added} faces stored, ${BATCH} per request; ` +
        `HTTP/engine time ratio ${(addSeconds / engineSeconds).toFixed(2)})`,
    );
    console.log(
      `search:    ${(images.length / searchSeconds).toFixed(1)} photos/s (${SEARCH_CONCURRENCY} in flight), ` +
        `latency p50 ${percentile(latencies, 50).toFixed(0)} ms p99 ${percentile(latencies, 99).toFixed(0)} ms`,
    );
  } finally {
    await t.close();
    await engine.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
