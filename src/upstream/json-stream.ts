/**
 * Streams a JSON request body whose image `data` strings are produced while sending, so a batch of large
 * photos is never held in memory at once: only one chunk of each photo is in flight.
 */
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

/** Base64 of a byte stream, chunk by chunk; the carry keeps every emitted piece a multiple of 3 bytes. */
export async function* base64Chunks(source: StreamedBase64): AsyncGenerator<string> {
  let carry: Buffer = Buffer.alloc(0);
  let total = 0;
  for await (const chunk of source.bytes()) {
    total += chunk.length;
    if (total > source.maxBytes) {
      throw new ImageInputError(`${source.label}: image exceeds ${source.maxBytes} bytes (images must be smaller than 8 MB)`);
    }
    const joined = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const whole = joined.length - (joined.length % 3);
    if (whole > 0) yield joined.subarray(0, whole).toString('base64');
    carry = Buffer.from(joined.subarray(whole));
  }
  if (total === 0) throw new ImageInputError(`${source.label} is empty`);
  if (carry.length) yield carry.toString('base64');
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

/** Groups small string pieces into Buffers of about `size` bytes: fewer, larger socket writes. */
export async function* coalesce(pieces: AsyncIterable<string>, size = 64 * 1024): AsyncGenerator<Buffer> {
  let pending: string[] = [];
  let length = 0;
  for await (const piece of pieces) {
    pending.push(piece);
    length += piece.length;
    if (length >= size) {
      yield Buffer.from(pending.join(''));
      pending = [];
      length = 0;
    }
  }
  if (length > 0) yield Buffer.from(pending.join(''));
}
