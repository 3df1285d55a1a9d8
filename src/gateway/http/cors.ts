/**
 * CORS for browser apps on other origins (CORS_ORIGINS), with the `cors` package. Preflights (OPTIONS) are
 * answered here, before routing, authentication and CSRF prevention, which would otherwise refuse them.
 * Default (no origins): no cross-origin access; same-origin pages need no CORS headers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import { ConfigError } from '../../settings';

/** exact origins such as "https://app.example.com", or "*" (any origin; only without client auth) */
export type CorsOrigins = readonly string[] | '*';

/** What a browser page may send: auth, JSON/multipart, Apollo's CSRF headers, W3C trace context. */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Apollo-Require-Preflight', 'X-Apollo-Operation-Name', 'traceparent', 'tracestate'];

/** Browsers may cache a preflight this long (seconds); Chromium caps it at 7200. */
const PREFLIGHT_MAX_AGE_S = 600;

/** Adds CORS headers; returns true when the request was a preflight and has been answered. */
export type CorsHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export function corsHandler(origins: CorsOrigins): CorsHandler {
  const middleware = cors({
    origin: origins === '*' ? '*' : [...origins],
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    // the gateway reads no cookies: clients authenticate with the Authorization header, which needs no credentials mode
    credentials: false,
    maxAge: PREFLIGHT_MAX_AGE_S,
    optionsSuccessStatus: 204,
  });
  return (req, res) => {
    let passedOn = false;
    // with static options the package decides synchronously: it either ends the preflight or calls next
    middleware(req, res, () => (passedOn = true));
    return !passedOn;
  };
}

/**
 * Parses CORS_ORIGINS: comma-separated origins (scheme://host[:port], nothing after it), or "*". Throws a
 * ConfigError naming the bad entry; "*" is refused when clients must authenticate.
 */
export function parseCorsOrigins(raw: string | undefined, clientAuth: boolean): CorsOrigins {
  const entries = (raw ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  if (entries.includes('*')) {
    if (entries.length > 1) throw new ConfigError('CORS_ORIGINS: "*" cannot be combined with other origins');
    if (clientAuth) throw new ConfigError('CORS_ORIGINS="*" is refused while client auth is on: list the origins of your apps');
    return '*';
  }
  return entries.map((entry) => {
    const notAnOrigin = new ConfigError(`CORS_ORIGINS: "${entry}" is not an origin such as https://app.example.com (scheme, host and port only)`);
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw notAnOrigin;
    }
    const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    if (!bare || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw notAnOrigin;
    // the form browsers send in Origin: lower-case host, no default port
    return url.origin;
  });
}
