/**
 * Receives the uploaded files of one upstream call before the call takes a slot or a connection: a client that
 * sends its file at 1 byte / 100 ms then holds only its own request, never a connection the upstream closes for
 * idleness (its keep-alive timeout) nor a place under UPSTREAM_MAX_IN_FLIGHT. Memory per call is bounded by the
 * contract (≤ 16 images < 8 MB each), like a JSON body with base64 images; the bytes are still base64-encoded
 * while streaming the upstream body (json-stream.ts), so they are held once.
 */
import { StreamedBase64 } from './json-stream';

async function received(source: StreamedBase64): Promise<StreamedBase64> {
  const chunks: Buffer[] = [];
  // the upload's own checks (size limit, truncation, client gone) fail here, before any upstream call
  for await (const chunk of source.bytes()) chunks.push(chunk);
  return new StreamedBase64(
    async function* () {
      yield* chunks;
    },
    source.maxBytes,
    source.label,
  );
}

/** `body` with every StreamedBase64 fully received into memory (read in body order, as multipart sends them). */
export async function receiveUploads(body: unknown): Promise<unknown> {
  if (body instanceof StreamedBase64) return received(body);
  if (Array.isArray(body)) {
    const items: unknown[] = [];
    for (const item of body) items.push(await receiveUploads(item));
    return items;
  }
  if (body !== null && typeof body === 'object') {
    const members: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(body)) members[key] = await receiveUploads(member);
    return members;
  }
  return body;
}
