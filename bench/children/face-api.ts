import { startLocalFaceApi } from '../../src/local-face-api/server';
import { serveAsChild } from '../lib/ipc';
import { probeHandlers } from './probe';

/** The upstream of every scenario: the local Face API on an ephemeral port with its own data directory. */

export interface FaceApiOptions {
  dataDir: string;
  appId: string;
  accessKey: string;
  secretKey: string;
}

serveAsChild<FaceApiOptions, { url: string }>(async (options) => {
  const api = await startLocalFaceApi({ port: 0, ...options });
  return { info: { url: api.url }, handlers: probeHandlers(), close: () => api.close() };
});
