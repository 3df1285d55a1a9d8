import { startFaultProxy } from '../../test/support/fault-proxy';
import { serveAsChild } from '../lib/ipc';
import { probeHandlers } from './probe';

/**
 * A stand-in for a cloud API: the fault proxy in front of the local Face API, adding a fixed delay per call
 * and counting the calls that pass (scenario b counts upstream calls per GraphQL request with it).
 */

serveAsChild<{ target: string }, { origin: string }>(async ({ target }) => {
  const proxy = await startFaultProxy(target);
  return {
    info: { origin: proxy.origin },
    handlers: {
      ...probeHandlers(),
      setDelay: (ms) => proxy.setDelay(ms as number),
      /** the calls seen since the last reset, as "METHOD /path" */
      takeCalls: () => proxy.calls.splice(0, proxy.calls.length),
    },
    close: () => proxy.close(),
  };
});
