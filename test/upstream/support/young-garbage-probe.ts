/**
 * Feeds fresh 64 KB chunks (like the HTTP parser's body chunks, each garbage once the consumer moves on)
 * through countedAsReceived() and prints, as JSON, the bytes outside V8's heap after each chunk, relative to
 * the first. Run in its own process, so that no other suite's heap or GC in progress shares the measurement.
 */
import { COLLECT_EVERY_BYTES, countedAsReceived, received } from '../../../src/upstream/young-garbage';

const CHUNK_BYTES = 64 * 1024;

async function* freshChunks(count: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < count; i++) yield Buffer.alloc(CHUNK_BYTES, i);
}

async function main(): Promise<void> {
  // a first scavenge, through the module itself: an empty young generation (no natural scavenge in the loop)
  // and a count that starts at zero
  received(COLLECT_EVERY_BYTES);
  const chunksToCollection = COLLECT_EVERY_BYTES / CHUNK_BYTES;
  const outsideHeap: number[] = [];
  let seen = 0;
  for await (const chunk of countedAsReceived(freshChunks(chunksToCollection + 2))) {
    seen += chunk.length;
    outsideHeap.push(process.memoryUsage().arrayBuffers);
  }
  const start = outsideHeap[0];
  process.stdout.write(JSON.stringify({ chunkBytes: CHUNK_BYTES, seen, growth: outsideHeap.map((bytes) => bytes - start) }));
}

void main();
