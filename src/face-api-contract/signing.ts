import { createHmac } from 'node:crypto';

/**
 * Request signing of the Face OpenAPI (a Kong hmac-auth scheme):
 *   signing string = "x-date: <date>\n<METHOD> <path[?query]> HTTP/1.1"
 *   signature      = base64(HMAC-SHA256(secretKey, signing string))
 * Pure functions: the gateway signs with them, the local Face API verifies with them.
 */

export interface Credentials {
  accessKey: string;
  secretKey: string;
}

export interface SignedHeaders {
  'x-date': string;
  authorization: string;
}

/** The HTTP version is part of the signed request line; the gateway always speaks HTTP/1.1 upstream. */
export const SIGNED_HTTP_VERSION = 'HTTP/1.1';

export function signingString(xDate: string, method: string, pathWithQuery: string): string {
  return `x-date: ${xDate}\n${method.toUpperCase()} ${pathWithQuery} ${SIGNED_HTTP_VERSION}`;
}

export function computeSignature(secretKey: string, message: string): string {
  return createHmac('sha256', secretKey).update(message).digest('base64');
}

/** Headers for one request; `now` is injectable so tests can use fixed vectors. */
export function signRequest(
  credentials: Credentials,
  method: string,
  pathWithQuery: string,
  now: Date = new Date(),
): SignedHeaders {
  const xDate = now.toUTCString();
  const signature = computeSignature(credentials.secretKey, signingString(xDate, method, pathWithQuery));
  return {
    'x-date': xDate,
    authorization:
      `hmac username="${credentials.accessKey}", algorithm="hmac-sha256", ` +
      `headers="x-date request-line", signature="${signature}"`,
  };
}

export interface ParsedAuthorization {
  username: string;
  algorithm: string;
  headers: string;
  signature: string;
}

const AUTH_PARAM = /(\w+)="([^"]*)"/g;

/** Parses `hmac username="…", algorithm="…", headers="…", signature="…"`; null when malformed. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | null {
  if (!header) return null;
  const match = /^hmac\s+(.*)$/i.exec(header.trim());
  if (!match) return null;
  const params: Record<string, string> = {};
  for (const [, key, value] of match[1].matchAll(AUTH_PARAM)) params[key.toLowerCase()] = value;
  const { username, algorithm, headers, signature } = params;
  if (!username || !algorithm || !headers || !signature) return null;
  return { username, algorithm, headers, signature };
}
