/**
 * Built assets (a web console, an IDE page) from a folder, with serve-static: content types, ETag and
 * Last-Modified, ranges, HEAD, and no path outside the folder. Missing files are 404 GraphQL-shaped JSON.
 */
import serveStatic from 'serve-static';
import { errorBody, sendError, sendJson } from './respond';
import type { Route } from './routes';

export interface StaticFilesOptions {
  /** seconds browsers may cache the files (default 0: revalidate every time); use a long one for hashed file names */
  maxAgeS?: number;
  /** with maxAgeS, files never change under the same name (hashed builds) */
  immutable?: boolean;
}

/**
 * A GET route for `path`: "/" (the folder's index.html), or a prefix like "/assets/*" whose rest is the
 * file's path inside `dir`.
 */
export function staticFiles(path: string, dir: string, options: StaticFilesOptions = {}): Route {
  const serve = serveStatic(dir, {
    index: ['index.html'],
    fallthrough: true,
    redirect: false,
    dotfiles: 'ignore',
    maxAge: (options.maxAgeS ?? 0) * 1000,
    immutable: options.immutable ?? false,
  });
  const prefix = path.endsWith('/*') ? path.slice(0, -2) : '';
  return {
    method: 'GET',
    path,
    handle: (req, res, { pathname, search }) => {
      // serve-static resolves req.url inside `dir`: the route's prefix is not part of the file's path
      const url = req.url;
      req.url = `${pathname.slice(prefix.length) || '/'}${search}`;
      serve(req, res, (error?: unknown) => {
        req.url = url;
        if (error) return sendError(res, error);
        sendJson(res, 404, errorBody(`Nothing here: ${req.method} ${pathname}`, 'ROUTE_NOT_FOUND'));
      });
    },
  };
}
