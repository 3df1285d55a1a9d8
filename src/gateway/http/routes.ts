/**
 * The route table: method + path → handler, first match wins. Every route of the gateway (GraphQL, health,
 * and what other parts add: static assets, metrics, an IDE page) is an entry here; see ../README.md "HTTP layer".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, errorBody } from './respond';

export interface RequestTarget {
  /** the path without the query string, e.g. "/graphql" */
  pathname: string;
  /** the query string with its "?", or "" */
  search: string;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, target: RequestTarget) => void | Promise<void>;

export interface Route {
  /** an HTTP method ("GET" also answers HEAD), or "*" for any */
  method: string;
  /** an exact path ("/healthz"), or a prefix ending in "/*" ("/assets/*" matches "/assets/a.js") */
  path: string;
  /** a further condition, e.g. on the Accept header; a route whose condition fails is skipped */
  when?: (req: IncomingMessage) => boolean;
  handle: RouteHandler;
}

export function splitTarget(url = '/'): RequestTarget {
  const query = url.indexOf('?');
  return query < 0 ? { pathname: url, search: '' } : { pathname: url.slice(0, query), search: url.slice(query) };
}

function pathMatches(route: Route, pathname: string): boolean {
  if (!route.path.endsWith('/*')) return route.path === pathname;
  const prefix = route.path.slice(0, -1);
  return pathname.startsWith(prefix) || pathname === prefix.slice(0, -1);
}

function methodMatches(route: Route, method: string): boolean {
  return route.method === '*' || route.method === method || (method === 'HEAD' && route.method === 'GET');
}

export function findRoute(routes: readonly Route[], req: IncomingMessage, pathname: string): Route | undefined {
  const method = req.method ?? 'GET';
  return routes.find((route) => methodMatches(route, method) && pathMatches(route, pathname) && (!route.when || route.when(req)));
}

/** 405 with Allow when the path exists for other methods, else 404; both GraphQL-shaped JSON. */
export function answerUnrouted(routes: readonly Route[], req: IncomingMessage, res: ServerResponse, pathname: string): void {
  const methods = [...new Set(routes.filter((route) => pathMatches(route, pathname)).map((route) => route.method))];
  if (methods.length > 0) {
    const allow = methods.flatMap((method) => (method === 'GET' ? ['GET', 'HEAD'] : [method])).join(', ');
    return sendJson(res, 405, errorBody(`${req.method} is not allowed on ${pathname}`, 'METHOD_NOT_ALLOWED'), { allow });
  }
  sendJson(res, 404, errorBody(`Nothing here: ${req.method} ${pathname}`, 'ROUTE_NOT_FOUND'));
}
