import { loadConfig } from '../../src/config';
import { startGateway } from '../../src/gateway/server';
import { gatewayEnvironment } from '../lib/gateway-env';
import { serveAsChild } from '../lib/ipc';
import { devNullLogger } from '../lib/observed-gateway';
import type { ServerUnderTestOptions } from './bare-hop';
import { probeHandlers } from './probe';

/**
 * The gateway under test, configured like production (from the environment) but on an ephemeral port. With
 * `defaults`, its upstream pool and in-flight cap are its own defaults; otherwise the bench's capacity,
 * the same as every other contender's.
 */

serveAsChild<ServerUnderTestOptions, { url: string }>(async ({ upstream, upstreamConnections, clientApiKey, defaults }) => {
  const environment = gatewayEnvironment(upstream, clientApiKey);
  const capacity = String(upstreamConnections);
  const config = loadConfig(defaults ? environment : { ...environment, UPSTREAM_CONNECTIONS: capacity, UPSTREAM_MAX_IN_FLIGHT: capacity });
  // the whole config (auth, limits, …), with the upstream and the port the bench chose
  const gateway = await startGateway({ ...config, port: 0, host: '127.0.0.1', upstream: { ...config.remote!, ...config.transport }, operations: { ...config.operations, logger: devNullLogger() } });
  return { info: { url: gateway.url }, handlers: probeHandlers(), close: () => gateway.close() };
});
