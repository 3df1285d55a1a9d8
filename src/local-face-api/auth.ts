import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { computeSignature, parseAuthorization, signingString } from '../face-api-contract';

/**
 * Verifies a request the way Kong's hmac-auth plugin in front of the cloud does (contract §2), in Kong's
 * order of checks and with Kong's 401 messages.
 */

export interface AppCredentials {
  appId: string;
  accessKey: string;
  secretKey: string;
}

/** Kong's default clock-skew tolerance. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export const AuthMessages = {
  MISSING: 'Unauthorized',
  DATE: 'HMAC signature cannot be verified, a valid date or x-date header is required for HMAC Authentication',
  INVALID: 'HMAC signature cannot be verified',
  MISMATCH: 'HMAC signature does not match',
} as const;

const SUPPORTED_ALGORITHM = 'hmac-sha256';
const SIGNED_HEADERS = 'x-date request-line';

function sameSecret(a: string, b: string): boolean {
  // Hash first so lengths match and the comparison does not leak where the strings differ.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function sameSignature(given: string, expected: string): boolean {
  // Compare the base64 text itself: decoding first would ignore stray characters.
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Request headers as Node gives them; `req.headersDistinct` keeps every copy of a repeated header. */
export type RequestHeaders = IncomingHttpHeaders | NodeJS.Dict<string[]>;

/** The header's one value; a header sent twice counts as absent (which copy was signed is unknowable). */
function header(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  if (!Array.isArray(value)) return value;
  return value.length === 1 ? value[0] : undefined;
}

/** RFC 7231 IMF-fixdate, the only form the contract allows (§2.1), e.g. `Fri, 09 Jul 2021 01:51:02 GMT`. */
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** Milliseconds of an IMF-fixdate, or NaN for any other form (ISO 8601, offsets, a wrong weekday, 31 Feb). */
export function parseHttpDate(value: string | undefined): number {
  if (!value || !IMF_FIXDATE.test(value)) return NaN;
  const time = Date.parse(value);
  // toUTCString() writes IMF-fixdate: the round trip rejects impossible dates and wrong weekdays
  return !Number.isNaN(time) && new Date(time).toUTCString() === value ? time : NaN;
}

/**
 * Returns null when the request is signed by the configured key, else the Kong 401 message.
 * `pathWithQuery` is the request target exactly as received (the signed request line includes the query).
 */
export function verifyRequest(
  credentials: AppCredentials,
  method: string,
  pathWithQuery: string,
  headers: RequestHeaders,
  now: Date = new Date(),
): string | null {
  const authorization = header(headers, 'authorization');
  if (!authorization) return AuthMessages.MISSING;

  const xDate = header(headers, 'x-date');
  const signedAt = parseHttpDate(xDate);
  if (Number.isNaN(signedAt) || Math.abs(now.getTime() - signedAt) > MAX_CLOCK_SKEW_SECONDS * 1000) {
    return AuthMessages.DATE;
  }

  const params = parseAuthorization(authorization);
  if (
    !params ||
    params.algorithm.toLowerCase() !== SUPPORTED_ALGORITHM ||
    params.headers.trim().toLowerCase().split(/\s+/).join(' ') !== SIGNED_HEADERS ||
    !sameSecret(params.username, credentials.accessKey)
  ) {
    return AuthMessages.INVALID;
  }

  const expected = computeSignature(credentials.secretKey, signingString(xDate as string, method, pathWithQuery));
  return sameSignature(params.signature, expected) ? null : AuthMessages.MISMATCH;
}
