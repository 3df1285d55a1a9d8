/**
 * Temporary files for the uploads of one upstream call, so a call's files are received completely (at the
 * client's pace) without holding them in memory: a request may carry MAX_UPLOAD_FILES files of just under 8 MB,
 * and a few such requests in RAM would be gigabytes. Files go to a fresh directory under os.tmpdir() (TMPDIR),
 * mode 0700, each file 0600; the directory is removed when the call ends, and at process exit for anything left.
 */
import { createWriteStream, rmSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const SPOOL_PREFIX = 'face-gateway-upload-';

/** Read size when sending a spooled file: one base64 piece's worth (json-stream.ts RAW_PIECE_BYTES). */
const READ_BYTES = 3 * 30 * 1024;

/** Directories not yet removed: the exit hook removes them (a crash between create and removal). */
const live = new Set<string>();
let exitHookInstalled = false;

function removeLeftovers(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

/**
 * The file's bytes through one buffer per read-through: each chunk is valid until the next is asked for (the
 * base64 encoder copies it at once). A read stream would allocate a fresh Buffer per chunk: external memory
 * that only a full GC frees, ~60 MB of garbage during a 16-photo upload.
 */
async function* readReusing(path: string): AsyncGenerator<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafeSlow(READ_BYTES);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}

export class Spool {
  private files = 0;

  private constructor(readonly dir: string) {}

  static async create(root = tmpdir()): Promise<Spool> {
    if (!exitHookInstalled) {
      process.once('exit', removeLeftovers);
      exitHookInstalled = true;
    }
    const dir = await mkdtemp(join(root, SPOOL_PREFIX)); // mkdtemp creates it 0700
    live.add(dir);
    return new Spool(dir);
  }

  /** Writes `bytes` to a new file of this spool; returns a reader of it (readable any number of times). */
  async write(bytes: AsyncIterable<Buffer>): Promise<() => AsyncGenerator<Buffer>> {
    const path = join(this.dir, String(this.files++));
    await pipeline(Readable.from(bytes, { objectMode: false }), createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    return () => readReusing(path);
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    live.delete(this.dir);
  }
}
