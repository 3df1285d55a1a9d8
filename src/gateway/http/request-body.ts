/**
 * Request bodies for POST /graphql: JSON with a byte limit (raw-body), or a GraphQL multipart request
 * (graphql-upload-minimal) whose files stay streams for the resolvers. Other content types are not read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { processRequest } from 'graphql-upload-minimal';
import getRawBody from 'raw-body';
import { MAX_IMAGE_BYTES } from '../../face-api-contract';
import { HttpError } from './respond';

export type BodyKind = 'json' | 'multipart' | 'other';

export function bodyKind(req: IncomingMessage): BodyKind {
  const type = req.headers['content-type'];
  if (!type) return 'other';
  const semicolon = type.indexOf(';');
  const essence = (semicolon < 0 ? type : type.slice(0, semicolon)).trim().toLowerCase();
  if (essence === 'application/json') return 'json';
  if (essence === 'multipart/form-data') return 'multipart';
  return 'other';
}

/** The parsed JSON body; 413 "request entity too large" beyond `limit` bytes (before reading, when declared). */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const encoding = req.headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity') throw new HttpError(415, `unsupported content encoding "${encoding}"`);
  const text = await getRawBody(req, { length: req.headers['content-length'], limit, encoding: 'utf-8' });
  if (text.length === 0) return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `Invalid JSON body: ${(error as Error).message}`);
  }
}

export interface MultipartLimits {
  maxFiles: number;
}

/** The operations of a multipart request, with an Upload promise wherever the map puts a file. */
export function readMultipartBody(req: IncomingMessage, res: ServerResponse, { maxFiles }: MultipartLimits): Promise<unknown> {
  // busboy flags a file as truncated once it reaches maxFileSize, so this limit means "< 8 MB", the contract's rule
  return processRequest(req, res, { maxFileSize: MAX_IMAGE_BYTES, maxFiles });
}
