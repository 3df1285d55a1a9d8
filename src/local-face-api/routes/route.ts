import FindMyWay from 'find-my-way';
import type { TraceBody } from '../../face-api-contract';
import type { FaceEngine } from '../engine';
import type { FaceLibrary } from '../library';

/** What a route handler gets and returns; the server turns the returned object into a 200 JSON answer. */

export interface Services {
  library: FaceLibrary;
  engine: FaceEngine;
}

export interface RouteRequest {
  /** named path segments, e.g. db_id */
  params: Record<string, string>;
  query: URLSearchParams;
  /** parsed JSON body (POST only) */
  body: unknown;
}

/** A response body of the contract without its trace_id, which the server adds. */
export type Answer<Response extends TraceBody> = Omit<Response, 'trace_id'>;

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** path after /{app_id}, segments starting with ':' are parameters, e.g. 'databases/:db_id' */
  pattern: string;
  handle(services: Services, request: RouteRequest): object | Promise<object>;
}

export type RouteMatch = { route: Route; params: Record<string, string> };

/**
 * The route for a method and the decoded path segments after /{app_id} (request-target.ts has refused any
 * segment a proxy could read as something else). Each segment is re-encoded, so find-my-way decodes it exactly
 * once and a `%`, `?`, `#` or `;` inside an id stays part of it.
 */
export function routeTable(routes: Route[]): (method: string, segments: string[]) => RouteMatch | undefined {
  // ids are bounded by the size of the request target, not by the router
  const router = FindMyWay({ maxParamLength: Infinity });
  for (const route of routes) router.on(route.method, `/${route.pattern}`, () => undefined, route);
  return (method, segments) => {
    const found = router.find(method as FindMyWay.HTTPMethod, `/${segments.map(encodeURIComponent).join('/')}`);
    return found ? { route: found.store as Route, params: found.params as Record<string, string> } : undefined;
  };
}
