/**
 * A real stack for integration tests: local Face API (temp SQLite dir, real engine) ← counting proxy ← gateway.
 * The proxy counts the upstream calls the gateway makes, without touching the gateway's code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UpstreamTransport } from '../../../src/upstream/settings';
import { startGateway, type GatewayConfig, type RunningGateway } from '../../../src/gateway/server';
import { startLocalFaceApi, type RunningLocalFaceApi } from '../../../src/local-face-api/server';
import { API_BASE_PATH } from '../../../src/face-api-contract';
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy';

/** Where the proxy sees the gateway's calls for this app. */
export const appPath = (): string => `/openapi/face/v1/${CREDENTIALS.appId}`;

export const CREDENTIALS = {
  appId: '3f0c9a52-7f6e-4b7e-9d59-8d1c2b6f1a01',
  accessKey: 'b7e1f1d4-2c55-4a4b-a0e6-5c6d7e8f9a0b',
  secretKey: 'test-secret-key-for-the-local-face-api',
};

export interface Stack {
  faceApi: RunningLocalFaceApi;
  proxy: FaultProxy;
  gateway: RunningGateway;
  /** another gateway (other access or transport settings, say) over the same proxy and Face API; closed with the stack */
  addGateway(gateway: StackOptions['gateway'], transport?: Partial<UpstreamTransport>): Promise<RunningGateway>;
  close(): Promise<void>;
}

export interface StackOptions {
  maxFiles?: number;
  timeoutMs?: number;
  /** overrides the upstream transport settings (timeouts, resilience) after the defaults below */
  transport?: Partial<UpstreamTransport>;
  /** other gateway settings (access, introspection, limits, ...) */
  gateway?: Partial<Omit<GatewayConfig, 'port' | 'host' | 'upstream' | 'uploads'>>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gateway-test-'));
  const faceApi = await startLocalFaceApi({ port: 0, dataDir, ...CREDENTIALS });
  const proxy = await startFaultProxy(new URL(faceApi.url).origin);
  const start = (gateway: StackOptions['gateway'], transport = options.transport) =>
    startGateway({
      port: 0,
      host: '127.0.0.1',
      upstream: {
        url: `${proxy.origin}${API_BASE_PATH}`,
        ...CREDENTIALS,
        connectTimeoutMs: 2000,
        headersTimeoutMs: options.timeoutMs ?? 60000,
        bodyTimeoutMs: options.timeoutMs ?? 60000,
        connections: 8,
        ...transport,
      },
      uploads: { maxFiles: options.maxFiles ?? 64, maxJsonBodyBytes: 50 * 1024 * 1024 },
      ...gateway,
    });
  // a gateway that fails to start must not leave the Face API and the proxy running (jest would hang silently)
  const gateway = await start(options.gateway).catch(async (error: unknown) => {
    await proxy.close();
    await faceApi.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const others: RunningGateway[] = [];
  return {
    faceApi,
    proxy,
    gateway,
    async addGateway(settings, transport) {
      const other = await start(settings, transport ?? options.transport);
      others.push(other);
      return other;
    },
    async close() {
      for (const other of others) await other.close();
      await gateway.close();
      await proxy.close();
      await faceApi.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
