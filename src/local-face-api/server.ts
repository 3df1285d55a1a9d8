import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { debuglog } from 'node:util';
import { API_BASE_PATH, ErrorCodes, type WireError } from '../face-api-contract';
import { verifyRequest, type AppCredentials } from './auth';
import { DEFAULT_CLOSE_GRACE_MS } from './config';
import type { FaceEngine } from './engine';
import { ApiError, clientAborted, newTraceId, notFound, parseJson, readBody, sendJson } from './http';
import { FaceLibrary } from './library';
import { FaceApiObservability } from './observability';
import type { Logger } from '../observability/logger';
import { analysisRoutes } from './routes/analysis';
import { databaseRoutes } from './routes/databases';
import { featureRoutes } from './routes/features';
import { routeTable, type Services } from './routes/route';
import { apiSegments, isApiPath, splitTarget, type RequestTarget } from './request-target';
import { searchRoutes } from './routes/search';
import { systemRoutes } from './routes/system';
import { FeatureStore } from './store';

/** The local Face API: the REST contract over HTTP/1.1, HMAC-authenticated, backed by SQLite and the engine. */

export interface LocalFaceApiOptions {
  port?: number; // 0 = ephemeral
  host?: string; // default 127.0.0.1
  dataDir: string; // SQLite file lives here (created if missing)
  appId: string;
  accessKey: string;
  secretKey: string;
  engine?: FaceEngine; // default: await createFaceEngine(); if given, the caller owns it (don't close it)
  logger?: Logger; // default: the process logger (JSON lines on stdout)
  closeGraceMs?: number; // how long close() waits for in-flight requests before cutting them
}

export interface RunningLocalFaceApi {
  url: string; // e.g. http://127.0.0.1:41234/openapi/face/v1  (what FACE_API_URL would be)
  port: number;
  /** stops accepting, lets in-flight requests finish within the grace period, cuts the rest, closes the DB (and the engine if it created it) */
  close(): Promise<void>;
}

const findRoute = routeTable([...databaseRoutes, ...searchRoutes, ...featureRoutes, ...analysisRoutes, ...systemRoutes]);

async function loadDefaultEngine(): Promise<FaceEngine> {
  const { createFaceEngine } = await import('./engine');
  return createFaceEngine();
}

/** Answers one API request; throws ApiError for request-level failures. */
async function answer(
  services: Services,
  credentials: AppCredentials,
  req: IncomingMessage,
  target: RequestTarget,
  seen: { route: string | null },
): Promise<{ status: number; body: object }> {
  const kongMessage = verifyRequest(credentials, req.method ?? 'GET', req.url ?? '/', req.headersDistinct);
  if (kongMessage) return { status: 401, body: { message: kongMessage } };

  // routes exactly the target that was verified
  const segments = apiSegments(target);
  if (segments.length === 0) throw notFound(`no route for ${req.method} ${target.path}`);
  const [appId, ...rest] = segments;
  if (appId !== credentials.appId) {
    throw new ApiError(403, ErrorCodes.PERMISSION_DENIED, `app ${appId} is not the app of this access key`);
  }
  const match = findRoute(req.method ?? '', rest);
  if (!match) throw notFound(`no route for ${req.method} ${target.path}`);
  seen.route = match.route.pattern;
  const body = req.method === 'POST' ? parseJson(await readBody(req)) : undefined;
  return { status: 200, body: await match.route.handle(services, { params: match.params, query: target.query, body }) };
}

/** NODE_DEBUG=local-face-api shows what is not worth a log line by default. */
const debug = debuglog('local-face-api');

export async function startLocalFaceApi(options: LocalFaceApiOptions): Promise<RunningLocalFaceApi> {
  const ownsEngine = !options.engine;
  // The store first: a bad DATA_DIR fails at once, before the slow engine load.
  const store = new FeatureStore(options.dataDir);
  let engine: FaceEngine;
  try {
    engine = options.engine ?? (await loadDefaultEngine());
  } catch (error) {
    store.close();
    throw error;
  }
  const services: Services = { engine, library: new FaceLibrary(store, engine.embeddingSize, (cosine) => engine.calibrate(cosine)) };
  const credentials: AppCredentials = options;

  const observability = new FaceApiObservability(engine, options.logger);
  const inFlight = new Set<ServerResponse>();
  let closing = false;
  let drained: (() => void) | undefined;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const traceId = newTraceId();
    const startedAt = performance.now();
    const seen: { route: string | null } = { route: null };
    let path = req.url ?? '/';
    res.once('close', () =>
      observability.finished({ traceId, method: req.method ?? '', route: seen.route, status: res.statusCode, durationMs: performance.now() - startedAt }, path),
    );
    try {
      const target = splitTarget(req.url ?? '/');
      path = target.path;
      if (target.path === '/healthz' && req.method === 'GET') {
        sendJson(res, closing ? 503 : 200, { status: closing ? 'closing' : 'ok' }, traceId);
      } else if (target.path === '/metrics' && req.method === 'GET') {
        seen.route = 'metrics';
        const text = await observability.registry.metrics();
        res.writeHead(200, { 'content-type': observability.registry.contentType }).end(text);
      } else if (isApiPath(target.path)) {
        const { status, body } = await answer(services, credentials, req, target, seen);
        sendJson(res, status, body, traceId);
      } else {
        throw notFound(`no route for ${req.method} ${target.path}`);
      }
    } catch (error) {
      if (clientAborted(req, error) || res.destroyed) {
        // the client is gone (a timeout or a cancel on its side), or close() cut the request at the end of its
        // grace period: nothing to answer, nothing went wrong here
        debug('trace %s: client aborted or cut %s %s', traceId, req.method, req.url);
      } else if (error instanceof ApiError) {
        sendJson(res, error.status, { code: error.code, message: error.message } satisfies Omit<WireError, 'trace_id'>, traceId);
      } else {
        observability.unexpected(traceId, error);
        sendJson(res, 500, { code: ErrorCodes.INTERNAL, message: 'internal error' }, traceId);
      }
    }
  }

  const server = createServer((req, res) => {
    inFlight.add(res);
    // while closing, no connection is kept for another request
    if (closing) res.shouldKeepAlive = false;
    res.on('close', () => {
      inFlight.delete(res);
      if (inFlight.size === 0) drained?.();
    });
    void handle(req, res);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    store.close();
    if (ownsEngine) await engine.close();
    throw error;
  }
  /** Resolves when no request is in flight, or after `graceMs`. */
  function drainedWithin(graceMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      drained = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}${API_BASE_PATH}`,
    port,
    async close() {
      if (closing) return;
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      for (const res of inFlight) res.shouldKeepAlive = false;
      if (inFlight.size > 0) await drainedWithin(options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS);
      server.closeAllConnections(); // what is still in flight after the grace period is cut
      await stopped;
      store.close();
      if (ownsEngine) await engine.close();
    },
  };
}
