/** GET /healthz (this process is up) and GET /readyz (the upstream answers too; probed at most once per READY_CACHE_MS). */
import type { Route } from './routes';
import { sendJson } from './respond';

export type ReadinessProbe = () => Promise<{ ok: true } | { ok: false; reason: string }>;

const READY_CACHE_MS = 2000;

/** Shares one probe among the readiness checks of the next READY_CACHE_MS. */
function cachedProbe<T>(probe: () => Promise<T>): () => Promise<T> {
  let last: { at: number; result: Promise<T> } | undefined;
  return () => {
    if (!last || Date.now() - last.at > READY_CACHE_MS) last = { at: Date.now(), result: probe() };
    return last.result;
  };
}

export function healthRoutes(probe: ReadinessProbe): Route[] {
  const readiness = cachedProbe(probe);
  return [
    { method: 'GET', path: '/healthz', handle: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/readyz',
      handle: async (_req, res) => {
        const result = await readiness();
        sendJson(res, result.ok ? 200 : 503, result.ok ? { status: 'ready' } : { status: 'unavailable', reason: result.reason });
      },
    },
  ];
}
