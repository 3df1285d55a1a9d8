/**
 * Uploads received trigger a scavenge every COLLECT_EVERY_BYTES: the request's dead chunks (memory outside V8's
 * heap) are freed at the pace they arrive, not at the pace of the heap's own allocations.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { COLLECT_EVERY_BYTES, countedAsReceived } from '../../src/upstream/young-garbage';

const PROBE = join(__dirname, 'support', 'young-garbage-probe.ts');
const MB = 1024 * 1024;

test('the dead chunks of an upload are freed once COLLECT_EVERY_BYTES have arrived', async () => {
  // By default V8 frees dead ArrayBuffers on a background thread after the GC; on a loaded machine that thread
  // ran after the probe's next reading (stop 22's CI). Sweeping in the GC itself makes the reading exact.
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--no-concurrent-array-buffer-sweeping', '-r', 'ts-node/register/transpile-only', PROBE,
  ]);
  const { chunkBytes, seen, growth } = JSON.parse(stdout) as { chunkBytes: number; seen: number; growth: number[] };
  const chunksToCollection = COLLECT_EVERY_BYTES / chunkBytes;
  expect(seen).toBe((chunksToCollection + 2) * chunkBytes);
  // before the threshold the dead chunks pile up (what the test can see), after it they are gone
  expect(growth[chunksToCollection - 1]).toBeGreaterThan(6 * MB);
  expect(growth[chunksToCollection + 1]).toBeLessThan(1 * MB);
});

test('scavenging does not put gc() among the globals of a process started without --expose-gc', async () => {
  const hadGc = 'gc' in globalThis;
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let sent = 0; sent <= COLLECT_EVERY_BYTES; sent += MB) yield Buffer.alloc(MB);
  }
  for await (const chunk of countedAsReceived(chunks())) void chunk;
  expect('gc' in globalThis).toBe(hadGc);
});
