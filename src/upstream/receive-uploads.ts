/**
 * Receives the uploaded files of one upstream call before the call takes a slot or a connection: a client that
 * sends its file at 1 byte / 100 ms then holds only its own request, never a connection the upstream closes for
 * idleness (its keep-alive timeout) nor a place under UPSTREAM_MAX_IN_FLIGHT. The files are received into
 * temporary files (spool.ts), not memory; the upstream body is then streamed from them through the base64
 * encoder (json-stream.ts), one piece per file at a time. Spooled bytes per call are bounded by the upload
 * limits: each file is cut at its maxBytes (< 8 MB), and the number of files by MAX_UPLOAD_FILES.
 */
import { ImageInputError } from './errors';
import { StreamedBase64, containsStream } from './json-stream';
import { Spool } from './spool';
import { countedAsReceived } from './young-garbage';

/** The source's bytes, failing (before more is written) once they pass its limit. */
async function* limited(source: StreamedBase64): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source.bytes()) {
    total += chunk.length;
    if (total > source.maxBytes) {
      throw new ImageInputError(`${source.label}: image exceeds ${source.maxBytes} bytes (images must be smaller than 8 MB)`);
    }
    yield chunk;
  }
}

async function receive(body: unknown, spool: Spool): Promise<unknown> {
  if (body instanceof StreamedBase64) {
    // the upload's own checks (size limit, truncation, client gone) fail here, before any upstream call
    return new StreamedBase64(await spool.write(countedAsReceived(limited(body))), body.maxBytes, body.label);
  }
  if (Array.isArray(body)) {
    const items: unknown[] = [];
    for (const item of body) items.push(await receive(item, spool));
    return items;
  }
  if (body !== null && typeof body === 'object') {
    const members: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(body)) members[key] = await receive(member, spool);
    return members;
  }
  return body;
}

/**
 * `body` with every StreamedBase64 received into a temporary file (read in body order, as multipart sends
 * them) under `spoolDir` (default TMPDIR), and `release`, which removes those files: call it once the call is over, whatever its outcome.
 */
export async function receiveUploads(body: unknown, spoolDir?: string): Promise<{ body: unknown; release: () => Promise<void> }> {
  if (!containsStream(body)) return { body, release: async () => undefined };
  const spool = await Spool.create(spoolDir);
  try {
    return { body: await receive(body, spool), release: () => spool.remove() };
  } catch (error) {
    await spool.remove();
    throw error;
  }
}
