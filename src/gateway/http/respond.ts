/** Answers written by the HTTP layer itself (not by Apollo): GraphQL-shaped JSON errors and small JSON bodies. */
import type { ServerResponse } from 'node:http';
import { internalErrorMessage, reportUnexpected } from '../error-masking';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.end();
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function errorBody(message: string, code: string, extensions: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { code, ...extensions } }] };
}

/** An error with an HTTP status meant for the client (raw-body's and graphql-upload-minimal's errors are). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function statusOf(error: unknown): number {
  const { status, statusCode } = (error ?? {}) as { status?: unknown; statusCode?: unknown };
  return Number(status ?? statusCode) || 500;
}

/**
 * A failure outside GraphQL execution (body, multipart, a route's bug) as GraphQL-shaped JSON with its status.
 * 4xx keep their message; anything else is masked and logged with an error id, like resolver errors.
 */
export function sendError(res: ServerResponse, error: unknown): void {
  const status = statusOf(error);
  if (status >= 500 || status < 400) {
    const errorId = reportUnexpected(error);
    return sendJson(res, status >= 500 && status < 600 ? status : 500, errorBody(internalErrorMessage(errorId), 'INTERNAL_SERVER_ERROR', { errorId }));
  }
  const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
  sendJson(res, status, errorBody(String((error as Error)?.message ?? 'Bad request'), code));
}
