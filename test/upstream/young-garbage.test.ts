/**
 * Uploads received trigger a scavenge every COLLECT_EVERY_BYTES: the request's dead chunks (memory outside V8's
 * heap) are freed at the pace they arrive, not at the pace of the heap's own allocations.
 */
import { COLLECT_EVERY_BYTES, countedAsReceived } from '../../src/upstream/young-garbage';

const CHUNK_BYTES = 64 * 1024;
const MB = 1024 * 1024;

/** Fresh Buffers, like the HTTP parser's body chunks; each is garbage once the consumer moves on. */
async function* freshChunks(count: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < count; i++) yield Buffer.alloc(CHUNK_BYTES, i);
}

test('the dead chunks of an upload are freed once COLLECT_EVERY_BYTES have arrived', async () => {
  const chunksToCollection = COLLECT_EVERY_BYTES / CHUNK_BYTES;
  const outsideHeap: number[] = [];
  let seen = 0;
  for await (const chunk of countedAsReceived(freshChunks(chunksToCollection + 2))) {
    seen += chunk.length;
    outsideHeap.push(process.memoryUsage().arrayBuffers);
  }
  expect(seen).toBe((chunksToCollection + 2) * CHUNK_BYTES);
  const start = outsideHeap[0];
  // before the threshold the dead chunks pile up (what the test can see), after it they are gone
  expect(outsideHeap[chunksToCollection - 1] - start).toBeGreaterThan(6 * MB);
  expect(outsideHeap[chunksToCollection + 1] - start).toBeLessThan(1 * MB);
});

test('scavenging does not put gc() among the globals of a process started without --expose-gc', async () => {
  const hadGc = 'gc' in globalThis;
  for await (const chunk of countedAsReceived(freshChunks(COLLECT_EVERY_BYTES / CHUNK_BYTES + 1))) void chunk;
  expect('gc' in globalThis).toBe(hadGc);
});
