import { loadConfig } from '../../src/config';
import { startGateway } from '../../src/gateway/server';
import { serveAsChild } from '../lib/ipc';
import type { ServerUnderTestOptions } from './bare-hop';
import { probeHandlers } from './probe';

/** The gateway under test, configured like production (from the environment) but on an ephemeral port. */

serveAsChild<ServerUnderTestOptions, { url: string }>(async ({ upstream, upstreamConnections }) => {
  const config = loadConfig({
    ...process.env,
    FACE_API_URL: upstream.url,
    FACE_APP_ID: upstream.appId,
    FACE_ACCESS_KEY: upstream.accessKey,
    FACE_SECRET_KEY: upstream.secretKey,
    UPSTREAM_CONNECTIONS: String(upstreamConnections),
  });
  const gateway = await startGateway({
    port: 0,
    host: '127.0.0.1',
    upstream: { ...config.remote!, ...config.transport },
    uploads: config.uploads,
  });
  return { info: { url: gateway.url }, handlers: probeHandlers(), close: () => gateway.close() };
});
