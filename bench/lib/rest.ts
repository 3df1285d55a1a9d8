import { request, type Dispatcher } from 'undici';
import { signRequest, type SignedHeaders } from '../../src/face-api-contract';

/** Signed calls to the REST Face API (the upstream), as a client following the contract would send them. */

export interface Upstream {
  /** REST base incl. /openapi/face/v1, i.e. what FACE_API_URL would be */
  url: string;
  appId: string;
  accessKey: string;
  secretKey: string;
}

/** Full request path of an app-scoped endpoint, e.g. suffix "/databases" → /openapi/face/v1/<app>/databases */
export function appPath(upstream: Upstream, suffix: string): string {
  return `${new URL(upstream.url).pathname.replace(/\/+$/, '')}/${upstream.appId}${suffix}`;
}

export function signedHeaders(upstream: Upstream, method: string, path: string): SignedHeaders {
  return signRequest(upstream, method, path);
}

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what} answered HTTP ${status}: ${body.slice(0, 300)}`);
  }
}

/** Sends one signed request to `origin` (the upstream's or a proxy's) and returns the parsed JSON answer. */
export async function callRest<T>(
  upstream: Upstream,
  method: 'GET' | 'POST' | 'DELETE',
  suffix: string,
  body?: string,
  options: { origin?: string; dispatcher?: Dispatcher } = {},
): Promise<T> {
  const path = appPath(upstream, suffix);
  const origin = options.origin ?? new URL(upstream.url).origin;
  const answer = await request(`${origin}${path}`, {
    method,
    headers: {
      ...signedHeaders(upstream, method, path),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body,
    dispatcher: options.dispatcher,
  });
  const text = await answer.body.text();
  if (answer.statusCode < 200 || answer.statusCode >= 300) throw new RestError(answer.statusCode, text, `${method} ${path}`);
  return JSON.parse(text) as T;
}
