import { startLocalFaceApi } from '../../src/local-face-api/server';
import { serveAsChild } from '../lib/ipc';
import { devNullLogger } from '../lib/observed-gateway';
import { probeHandlers } from './probe';

/** The upstream of every scenario: the local Face API on an ephemeral port with its own data directory. */

export interface FaceApiOptions {
  dataDir: string;
  appId: string;
  accessKey: string;
  secretKey: string;
}

serveAsChild<FaceApiOptions, { url: string }>(async (options) => {
  // its request log lines are written as in production, to /dev/null rather than over the bench's output
  const api = await startLocalFaceApi({ port: 0, ...options, logger: devNullLogger() });
  return { info: { url: api.url }, handlers: probeHandlers(), close: () => api.close() };
});
