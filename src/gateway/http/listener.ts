/** The node:http request listener: CORS (preflights answered first), request hooks, then the route table. */
import type { RequestListener } from 'node:http';
import { corsHandler, type CorsOrigins } from './cors';
import { observeRequest, type RequestHook } from './request-hooks';
import { sendError } from './respond';
import { answerUnrouted, findRoute, splitTarget, type Route } from './routes';

export interface ListenerOptions {
  routes: readonly Route[];
  corsOrigins: CorsOrigins;
  hooks: readonly RequestHook[];
}

export function requestListener({ routes, corsOrigins, hooks }: ListenerOptions): RequestListener {
  const cors = corsHandler(corsOrigins);
  return (req, res) => {
    const target = splitTarget(req.url);
    const route = req.method === 'OPTIONS' ? undefined : findRoute(routes, req, target.pathname);
    observeRequest(hooks, { req, res, method: req.method ?? 'GET', path: target.pathname, route: route?.path ?? null });
    if (cors(req, res)) return;
    if (!route) return answerUnrouted(routes, req, res, target.pathname);
    try {
      const handled = route.handle(req, res, target);
      if (handled) handled.catch((error: unknown) => sendError(res, error));
    } catch (error) {
      sendError(res, error);
    }
  };
}
