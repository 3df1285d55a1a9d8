import { loadConfig } from '../../src/config';
import { startGateway } from '../../src/gateway/server';
import { gatewayEnvironment } from '../lib/gateway-env';
import { serveAsChild } from '../lib/ipc';
import type { ServerUnderTestOptions } from './bare-hop';
import { probeHandlers } from './probe';

/** The gateway under test, configured like production (from the environment) but on an ephemeral port. */

serveAsChild<ServerUnderTestOptions, { url: string }>(async ({ upstream, upstreamConnections, clientApiKey }) => {
  const config = loadConfig({ ...gatewayEnvironment(upstream, clientApiKey), UPSTREAM_CONNECTIONS: String(upstreamConnections) });
  // the whole config (auth, limits, …), with the upstream and the port the bench chose
  const gateway = await startGateway({ ...config, port: 0, host: '127.0.0.1', upstream: { ...config.remote!, ...config.transport } });
  return { info: { url: gateway.url }, handlers: probeHandlers(), close: () => gateway.close() };
});
