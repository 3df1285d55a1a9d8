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

/** The first route whose pattern fits `segments` and whose method is `method`. */
export function matchRoute(routes: Route[], method: string, segments: string[]): RouteMatch | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const parts = route.pattern.split('/');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const fits = parts.every((part, i) => {
      if (part.startsWith(':')) params[part.slice(1)] = segments[i];
      return part.startsWith(':') || part === segments[i];
    });
    if (fits) return { route, params };
  }
  return undefined;
}
