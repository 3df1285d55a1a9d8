import { startGateway, type GatewayConfig, type RunningGateway } from '../../../src/gateway/server';

/** An upstream nothing listens on (port 9, discard): for tests of what the gateway answers without calling it. */
export const UNREACHABLE_UPSTREAM = {
  url: 'http://127.0.0.1:9/openapi/face/v1',
  appId: 'a',
  accessKey: 'k',
  secretKey: 's',
  connectTimeoutMs: 500,
  headersTimeoutMs: 1000,
  bodyTimeoutMs: 1000,
  connections: 1,
};

/** A gateway on 127.0.0.1 in front of UNREACHABLE_UPSTREAM; `settings` override the defaults. */
export function startOfflineGateway(settings: Partial<GatewayConfig> = {}): Promise<RunningGateway> {
  return startGateway({
    port: 0,
    host: '127.0.0.1',
    upstream: UNREACHABLE_UPSTREAM,
    uploads: { maxFiles: 4, maxJsonBodyBytes: 1024 * 1024 },
    ...settings,
  });
}
