/**
 * Per-request hooks for logging, metrics and tracing: each hook is called when a request arrives (after
 * routing, before any handler runs) and may return a function called once when the answer is done.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface RequestStart {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** the path without the query string */
  path: string;
  /** the matched route's pattern (e.g. "/graphql", "/assets/*"): a bounded label for metrics; null when unrouted */
  route: string | null;
}

export interface RequestFinish {
  /** the status sent (or set, when the client left first) */
  status: number;
  /** from arrival to the last byte handed to the socket, or to the connection's close */
  durationMs: number;
  /** false when the connection closed before the whole answer was sent */
  completed: boolean;
}

export type RequestHook = (start: RequestStart) => ((finish: RequestFinish) => void) | void;

/** Runs the hooks of one request; costs nothing when there are none. */
export function observeRequest(hooks: readonly RequestHook[], start: RequestStart): void {
  if (hooks.length === 0) return;
  const startedAt = performance.now();
  const finishers: Array<(finish: RequestFinish) => void> = [];
  for (const hook of hooks) {
    const finisher = hook(start);
    if (finisher) finishers.push(finisher);
  }
  if (finishers.length === 0) return;
  // 'close' comes after 'finish' on a normal answer and alone when the client went away
  start.res.once('close', () => {
    const finish = { status: start.res.statusCode, durationMs: performance.now() - startedAt, completed: start.res.writableFinished };
    for (const finisher of finishers) finisher(finish);
  });
}
