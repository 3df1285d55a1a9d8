/**
 * The browser pages, built by `npm run build` into dist/web (web/vite.config.mts): the console on `GET /`,
 * GraphiQL on `GET /graphql` for browsers (Accept: text/html) while introspection is on, and their bundled
 * assets on `/assets/*` (static-files.ts). Everything comes from this server: the pages' CSP allows no other origin.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { errorBody, sendJson } from './respond';
import type { Route } from './routes';
import { staticFiles } from './static-files';

export interface WebPagesOptions {
  /** the built pages: index.html, ide.html, assets/ */
  dir: string;
  /** serve the IDE (GraphiQL): only while introspection is on, it is useless without */
  ide: boolean;
}

/**
 * Only this server's own origin; styles inline because Monaco (GraphiQL's editor) injects them; images from
 * blob: and data: because the console shows the photos a person picks before any upload.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // a new build must show at once: pages are small, their assets are hashed and cached for good
  'cache-control': 'no-cache',
};

/** A navigation by a browser; API clients ask for JSON. */
export function wantsHtml(req: IncomingMessage): boolean {
  return /\btext\/html\b/.test(req.headers.accept ?? '');
}

function page(file: string): (req: IncomingMessage, res: ServerResponse) => void {
  // read on each request: pages are small, and a rebuild while the gateway runs is picked up
  return (req, res) => {
    if (!existsSync(file)) return notBuilt(res);
    const body = readFileSync(file);
    res.writeHead(200, { ...PAGE_HEADERS, 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

function notBuilt(res: ServerResponse): void {
  sendJson(res, 404, errorBody('The web pages are not built: run `npm run build` (npm start does it)', 'ROUTE_NOT_FOUND'));
}

export function webRoutes({ dir, ide }: WebPagesOptions): Route[] {
  const routes: Route[] = [
    { method: 'GET', path: '/', handle: page(join(dir, 'index.html')) },
    // Vite's asset names carry a content hash: cached for good
    staticFiles('/assets/*', join(dir, 'assets'), { maxAgeS: 31_536_000, immutable: true }),
  ];
  if (ide) routes.push({ method: 'GET', path: '/graphql', when: wantsHtml, handle: page(join(dir, 'ide.html')) });
  return routes;
}
