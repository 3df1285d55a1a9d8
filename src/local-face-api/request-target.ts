import { API_BASE_PATH } from '../face-api-contract';
import { badRequest } from './http';

/**
 * The request target exactly as received, which is what the signature covers. Routing reads these raw
 * segments, never a normalised URL: `new URL()` would resolve `..` and turn `\` into `/`, so a request signed
 * for `…/features/..` would reach the database route.
 */
export interface RequestTarget {
  /** the path as sent, without the query */
  path: string;
  query: URLSearchParams;
}

export function splitTarget(raw: string): RequestTarget {
  const at = raw.indexOf('?');
  return at < 0 ? { path: raw, query: new URLSearchParams() } : { path: raw.slice(0, at), query: new URLSearchParams(raw.slice(at + 1)) };
}

export function isApiPath(path: string): boolean {
  return path.startsWith(`${API_BASE_PATH}/`);
}

/** Why one raw segment cannot be an opaque name, or undefined when it can. */
function refusal(raw: string): string | undefined {
  if (raw.includes('\\')) return 'a backslash';
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return 'malformed percent-encoding';
  }
  if (decoded === '.' || decoded === '..') return 'a dot segment';
  if (/[/\\]/.test(decoded)) return 'an encoded slash or backslash';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return 'a control character';
  return undefined;
}

/**
 * The decoded segments after the API base path. Throws 400 INVALID_ARGUMENT for a segment that a router or
 * proxy could read as something else (dot segments, encoded slashes, backslashes) or that cannot be decoded.
 */
export function apiSegments(target: RequestTarget): string[] {
  const raw = target.path.slice(API_BASE_PATH.length).split('/').filter(Boolean);
  for (const segment of raw) {
    const why = refusal(segment);
    if (why) throw badRequest(`the request path holds ${why}: every path segment must be one opaque name`);
  }
  return raw.map((segment) => decodeURIComponent(segment));
}
