/**
 * Streams a JSON request body whose image `data` strings are produced while sending, so a batch of large
 * photos is never held in memory at once: only one chunk of each photo is in flight.
 */
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ImageInputError } from './errors';

/** A JSON string value produced by base64-encoding a byte stream. */
export class StreamedBase64 {
  constructor(
    readonly bytes: () => AsyncIterable<Buffer>,
    /** bytes allowed; one more is an error, never a truncated image */
    readonly maxBytes: number,
    /** names the image in error messages */
    readonly label: string,
  ) {}
}

/**
 * Raw bytes encoded at once: 90 KB, a multiple of 3 (no padding inside the value), 120 KB of base64. A string
 * under V8's 128 KB large-object threshold dies young (a cheap scavenge); larger ones are old-space allocations
 * that force mark-compact collections, and Buffers count as external memory that does too. Pieces of one
 * upload chunk (≈ 64 KB) each, joined and copied into Buffers, stalled the event loop for ~90 ms.
 */
export const RAW_PIECE_BYTES = 3 * 30 * 1024;

/** Reused raw buffers: an upload copies its bytes into one instead of allocating per chunk. */
class BufferPool {
  private readonly free: Buffer[] = [];

  constructor(
    private readonly size: number,
    private readonly keep: number,
  ) {}

  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(this.size);
  }

  give(buffer: Buffer): void {
    if (this.free.length < this.keep) this.free.push(buffer);
  }
}

/** Raw buffers kept for reuse; more concurrent uploads allocate their own (and drop them after). */
const rawBuffers = new BufferPool(RAW_PIECE_BYTES, 8);

/**
 * Base64 of a byte stream in pieces of RAW_PIECE_BYTES, through one pooled buffer. After each piece the event
 * loop gets a turn: when the bytes are already in memory (uploads received before the call) every step would
 * otherwise resolve at once, and a 16-photo body would be encoded in one stall of a second or more.
 */
export async function* base64Chunks(source: StreamedBase64): AsyncGenerator<string> {
  const raw = rawBuffers.take();
  try {
    let filled = 0;
    let total = 0;
    for await (const chunk of source.bytes()) {
      total += chunk.length;
      if (total > source.maxBytes) {
        throw new ImageInputError(`${source.label}: image exceeds ${source.maxBytes} bytes (images must be smaller than 8 MB)`);
      }
      for (let offset = 0; offset < chunk.length; ) {
        const copied = chunk.copy(raw, filled, offset);
        filled += copied;
        offset += copied;
        // the string is made before the buffer is refilled
        if (filled === raw.length) {
          yield raw.toString('base64');
          filled = 0;
          await nextTurn();
        }
      }
    }
    if (total === 0) throw new ImageInputError(`${source.label} is empty`);
    if (filled > 0) yield raw.toString('base64', 0, filled);
  } finally {
    rawBuffers.give(raw);
  }
}

/** JSON text of `value`, with every StreamedBase64 inside it encoded while streaming. */
export async function* jsonChunks(value: unknown): AsyncGenerator<string> {
  if (value instanceof StreamedBase64) {
    yield '"';
    yield* base64Chunks(value);
    yield '"';
  } else if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      yield* jsonChunks(value[i] === undefined ? null : value[i]);
    }
    yield ']';
  } else if (value !== null && typeof value === 'object') {
    yield '{';
    let first = true;
    for (const [key, member] of Object.entries(value)) {
      if (member === undefined) continue;
      yield `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      yield* jsonChunks(member);
    }
    yield '}';
  } else {
    yield JSON.stringify(value);
  }
}

/** True when `value` holds a StreamedBase64 somewhere (then the body must be streamed). */
export function containsStream(value: unknown): boolean {
  if (value instanceof StreamedBase64) return true;
  if (Array.isArray(value)) return value.some(containsStream);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsStream);
  return false;
}

/** Longest string a streamed body is sent in: one encoded piece. */
export const BODY_CHUNK_CHARS = (RAW_PIECE_BYTES / 3) * 4;

/**
 * Joins the small pieces (JSON punctuation, keys, short values) with their neighbours, up to BODY_CHUNK_CHARS
 * per string, so the socket sees one write per encoded piece, not one per comma.
 */
export async function* coalesce(pieces: AsyncIterable<string>, size = BODY_CHUNK_CHARS): AsyncGenerator<string> {
  let pending = '';
  for await (const piece of pieces) {
    if (pending.length > 0 && pending.length + piece.length > size) {
      yield pending;
      pending = '';
    }
    pending += piece;
  }
  if (pending.length > 0) yield pending;
}

/**
 * The request body of a JSON value holding StreamedBase64 values: strings read one or two ahead (not the 16 of
 * an object-mode stream by default), written to the socket as they are (no Buffer copies).
 */
export function streamedJsonBody(value: unknown): Readable {
  return Readable.from(coalesce(jsonChunks(value)), { objectMode: true, highWaterMark: 2 });
}
