/**
 * The uploaded files of one request, read in the order the resolvers need them.
 *
 * Multipart parts arrive one after another, and the parser pauses while a part is unread. Files are streamed
 * straight into the upstream body when they arrive in the order they are needed (the usual case: clients
 * send them in variable order). When a resolver waits for a file that sits behind another, unread one, that
 * one is read into memory so the parser can reach the awaited part instead of stalling; at most
 * MAX_OUT_OF_ORDER_BYTES per request, beyond which the request fails (memory stays bounded per request).
 */
import type { Readable } from 'node:stream';
import type { FileUpload } from 'graphql-upload-minimal';
import { MAX_IMAGE_BYTES } from '../face-api-contract';
import { ImageInputError } from '../upstream/errors';

type FileStream = Readable & { truncated?: boolean };

/** Bytes of out-of-order files one request may park in memory (four photos at the 8 MB limit). */
export const MAX_OUT_OF_ORDER_BYTES = 32 * 1024 * 1024;

class UploadSlot {
  private file?: FileUpload;
  private claimed = false;
  private buffered?: Promise<Buffer[]>;

  constructor(
    private readonly queue: UploadQueue,
    private readonly upload: Promise<FileUpload>,
    private readonly label: string,
  ) {
    upload.then(
      (file) => {
        this.file = file;
        queue.arrived(this);
      },
      () => undefined, // reported to the reader in bytes()
    );
  }

  /** Arrived, not yet read by its resolver, and holding up the parts behind it. */
  get blocking(): boolean {
    return this.file !== undefined && !this.claimed && !this.buffered;
  }

  /** Reads the whole file into memory so the parser can move on to the next part. */
  buffer(): void {
    this.buffered = (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of this.open()) {
        this.queue.parked(chunk.length);
        chunks.push(chunk);
      }
      return chunks;
    })();
    this.buffered.catch(() => undefined); // the reader sees the failure
  }

  /** The file's bytes, failing on a truncated stream instead of passing a cut image on. */
  async *bytes(): AsyncGenerator<Buffer> {
    this.claimed = true;
    if (!this.file) await this.queue.waitFor(this, this.upload).catch((error: Error) => this.fail(error.message));
    if (this.buffered) {
      yield* await this.buffered.catch((error: Error) => this.fail(error.message));
      return;
    }
    yield* this.open();
  }

  private async *open(): AsyncGenerator<Buffer> {
    let stream: FileStream;
    try {
      stream = (this.file as FileUpload).createReadStream();
    } catch (error) {
      this.fail((error as Error).message);
    }
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (error) {
      this.fail(`upload failed: ${(error as Error).message}`);
    }
    // busboy stops at its limit and marks the stream, without an error
    if (stream.truncated) this.fail(`image exceeds ${MAX_IMAGE_BYTES - 1} bytes (images must be smaller than 8 MB)`);
  }

  private fail(message: string): never {
    throw new ImageInputError(`${this.label}: ${message}`);
  }
}

export class UploadQueue {
  private readonly slots: UploadSlot[] = [];
  private awaited?: UploadSlot;
  private parkedBytes = 0;
  private overflow?: (error: Error) => void;

  /** Registers an upload of this request; returns its bytes, to be read once. */
  track(upload: Promise<FileUpload>, label: string): () => AsyncGenerator<Buffer> {
    const slot = new UploadSlot(this, upload, label);
    this.slots.push(slot);
    return () => slot.bytes();
  }

  /** @internal a file part started */
  arrived(slot: UploadSlot): void {
    if (this.awaited && this.awaited !== slot && slot.blocking) slot.buffer();
  }

  /** @internal bytes of an out-of-order file were read into memory; throws past the per-request bound */
  parked(bytes: number): void {
    this.parkedBytes += bytes;
    if (this.parkedBytes <= MAX_OUT_OF_ORDER_BYTES) return;
    const error = new Error(
      `more than ${MAX_OUT_OF_ORDER_BYTES} bytes of files arrived before the file needed: send files in the order of the variables`,
    );
    this.overflow?.(error);
    throw error;
  }

  /** @internal a resolver waits for `slot`: move every unread file out of the parser's way */
  async waitFor(slot: UploadSlot, upload: Promise<FileUpload>): Promise<void> {
    this.awaited = slot;
    const overflowed = new Promise<never>((_, reject) => (this.overflow = reject));
    for (const other of this.slots) if (other !== slot && other.blocking) other.buffer();
    try {
      await Promise.race([upload, overflowed]);
    } finally {
      if (this.awaited === slot) this.awaited = undefined;
      this.overflow = undefined;
    }
  }
}
