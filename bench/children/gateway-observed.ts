import { loadConfig } from '../../src/config';
import { startGateway } from '../../src/gateway/server';
import { gatewayEnvironment } from '../lib/gateway-env';
import { serveAsChild } from '../lib/ipc';
import { productionObservability } from '../lib/observed-gateway';
import type { ServerUnderTestOptions } from './bare-hop';
import { probeHandlers } from './probe';

/**
 * The gateway with its logs, metrics and traces on (as in production, output kept off the terminal) or off
 * (no request hook, no observability plugin, no per-request client view): `npm run bench:observability`.
 */

interface Options extends ServerUnderTestOptions {
  instrumentation: boolean;
  /** with instrumentation: which outputs are on (metrics always are); default both */
  parts?: { logs: boolean; traces: boolean };
}

serveAsChild<Options, { url: string }>(async ({ upstream, upstreamConnections, clientApiKey, instrumentation, parts }) => {
  const capacity = String(upstreamConnections);
  const config = loadConfig({ ...gatewayEnvironment(upstream, clientApiKey), UPSTREAM_CONNECTIONS: capacity, UPSTREAM_MAX_IN_FLIGHT: capacity, LOG_LEVEL: 'warn' });
  const observed = await productionObservability(parts);
  const operations = instrumentation ? { ...config.operations, ...observed.operations } : { ...config.operations, instrumentation: false };
  const gateway = await startGateway({ ...config, port: 0, host: '127.0.0.1', upstream: { ...config.remote!, ...config.transport }, operations });
  return {
    info: { url: gateway.url },
    handlers: probeHandlers(),
    close: async () => {
      await gateway.close();
      await observed.close();
    },
  };
});
