import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { finished } from 'node:stream/promises';
import getRawBody from 'raw-body';
import { ErrorCodes, MAX_IMAGE_BYTES, MAX_IMAGES_PER_BATCH } from '../face-api-contract';

/** HTTP plumbing shared by every route: trace ids, JSON bodies in and out, request-level errors. */

/** 16 images of just under 8 MB each, base64-encoded (4/3), plus 1 MiB for JSON and extra_info. */
export const MAX_BODY_BYTES = MAX_IMAGES_PER_BATCH * Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 1024 * 1024;

/** A request-level failure: HTTP status + Mercury-style body { code, message, trace_id }. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string) => new ApiError(400, ErrorCodes.INVALID_ARGUMENT, message);
export const notFound = (message: string) => new ApiError(404, ErrorCodes.NOT_FOUND, message);

export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}

export function sendJson(res: ServerResponse, status: number, body: object, traceId: string): void {
  // trace_id first, as in the cloud's captured answers.
  const payload = Buffer.from(JSON.stringify({ trace_id: traceId, ...body }));
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': payload.length,
    'x-trace-id': traceId,
  });
  res.end(payload);
}

/**
 * Reads the whole body, refusing more than `limit` bytes with 413. An oversized body is still read to its end
 * (and discarded) so the client finishes sending and reads the 413 answer instead of a reset connection.
 */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  try {
    return await getRawBody(req, { limit, length: req.headers['content-length'] });
  } catch (error) {
    if ((error as { type?: string }).type !== 'entity.too.large') throw error;
    // Answering before the body is read would make Node close the socket under the still-sending client.
    req.resume();
    await finished(req);
    throw new ApiError(413, ErrorCodes.PAYLOAD_TOO_LARGE, `request body exceeds the limit of ${limit} bytes`);
  }
}

/** The request failed because its client closed the connection before the body was read. */
export function clientAborted(req: IncomingMessage, error: unknown): boolean {
  return (error as { type?: string }).type === 'request.aborted' || (req.errored != null && error === req.errored);
}

export function parseJson(body: Buffer): unknown {
  if (body.length === 0) throw badRequest('request body is empty: a JSON object is required');
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw badRequest(`request body is not valid JSON: ${(error as Error).message}`);
  }
}
