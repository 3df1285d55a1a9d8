/**
 * A minor garbage collection (scavenge) after every COLLECT_EVERY_BYTES of uploads received, process-wide.
 *
 * Each chunk of an incoming request body is a fresh Buffer (Node's HTTP parser copies it out of its read buffer).
 * Its bytes live outside V8's heap and are freed only when a scavenge finds the small Buffer object dead, but
 * scavenges are paced by heap allocation, not by Buffer bytes. During a 16-photo upload, 20–32 MB of dead chunks
 * waited for one (measured: one scavenge freed all of them), and the young generation grew towards its maximum
 * on the way. A scavenge costs 0.5–15 ms in the gateway (median 1.4 ms; 12 per 95 MB upload), and they replace
 * some of the mark-compacts that the pile of external memory provoked: GC time per upload went down, not up.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const COLLECT_EVERY_BYTES = 8 * 1024 * 1024;

type Gc = (options: { type: 'minor' }) => void;

/**
 * V8's gc(), also without `node --expose-gc`: the flag, set at run time, applies to contexts created after it
 * (the pattern of Node's own tests); the main context's globals stay as they are.
 */
function exposeGc(): Gc {
  const existing = (globalThis as { gc?: Gc }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as Gc;
}

let gc: Gc | undefined;
let sinceCollection = 0;

/** Counts bytes received; scavenges once COLLECT_EVERY_BYTES have arrived since the last time. */
export function received(bytes: number): void {
  sinceCollection += bytes;
  if (sinceCollection < COLLECT_EVERY_BYTES) return;
  sinceCollection = 0;
  gc ??= exposeGc();
  gc({ type: 'minor' });
}

/** `chunks` unchanged, counted by received(). */
export async function* countedAsReceived(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    yield chunk;
    received(chunk.length);
  }
}
