/**
 * Start-up: config → local Face API (when FACE_API_URL is unset) → gateway → listen; SIGTERM/SIGINT drain and close.
 *
 * The embedded local Face API runs in this process rather than as a child: one process to start, stop and
 * watch, no second port to wait for, and its face engine already does image work off the event loop.
 */
import 'reflect-metadata';
import { resolve } from 'node:path';
import { listenAddress, loadConfig } from './config';
import type { AccessSettings } from './gateway/access/authenticate';
import { webRoutes } from './gateway/http/web';
import { startGateway } from './gateway/server';
import { logger } from './observability/logger';
import { ConfigError } from './settings';
import type { UpstreamTarget } from './upstream/settings';

interface Closable {
  close(): Promise<void>;
}

/** Never logs a secret key: the embedded one is read from its file by whoever needs it. */
function describeCredentials(target: UpstreamTarget, devCredentialsFile: string | undefined): string {
  const { appId, accessKey, secretKey } = target;
  const secret = devCredentialsFile ? `in ${devCredentialsFile}` : `(${secretKey.length} chars, not shown)`;
  return `app id ${appId}, access key ${accessKey}, secret key ${secret}`;
}

/** Never prints a key: only how many there are. */
function describeAccess(access: AccessSettings, embedded: boolean): string {
  if (!access.enabled) {
    return embedded
      ? 'off (embedded default; set GATEWAY_API_KEYS to require "Authorization: Bearer <key>")'
      : 'off (GATEWAY_AUTH=off)';
  }
  const ways = [access.apiKeys.length > 0 ? `${access.apiKeys.length} API key(s)` : '', access.jwt ? 'JWT' : ''].filter(Boolean);
  return `on: ${ways.join(' and ')} ("Authorization: Bearer <key or token>")`;
}

/** built by `npm run build` (web/vite.config.mts); the same path from dist/main.js and from src/main.ts */
const WEB_DIR = resolve(__dirname, '..', 'dist', 'web');

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.accessRefusal) throw new ConfigError(config.accessRefusal);
  const closables: Closable[] = [];
  let target = config.remote;
  if (!target && config.embedded) {
    const { port, dataDir, credentials, devCredentialsFile } = config.embedded;
    const { startLocalFaceApi } = await import('./local-face-api/server');
    const local = await startLocalFaceApi({ port, dataDir, ...credentials });
    closables.push(local);
    target = { url: local.url, ...credentials };
    logger.info(`Local Face API (REST): ${local.url}  data in ${dataDir}`);
    if (devCredentialsFile) logger.info(`Development credentials kept in ${devCredentialsFile}`);
  }
  if (!target) throw new Error('no upstream configured');
  const listen = listenAddress(config);
  const gateway = await startGateway({
    port: config.port,
    host: listen.host,
    limits: { maxDocumentBytes: config.maxDocumentBytes },
    upstream: { ...target, ...config.transport },
    uploads: config.uploads,
    access: config.access,
    introspection: config.introspection,
    debugErrors: config.debugErrors,
    fastPath: config.fastPath,
    subgraph: config.subgraph,
    corsOrigins: config.corsOrigins,
    routes: webRoutes({ dir: WEB_DIR, ide: config.introspection }),
    operations: { ...config.operations, logger },
  });
  closables.unshift(gateway); // the gateway drains first: its in-flight requests still need the upstream
  const embedded = !config.remote;
  const base = gateway.url.replace(/\/graphql$/, '');
  logger.info(`GraphQL gateway: ${gateway.url}  (health: ${base}/healthz, readiness: ${base}/readyz, metrics: ${gateway.metricsUrl})`);
  logger.info(`Listening ${listen.note}`);
  logger.info(`Web console: ${base}/${config.introspection ? `  IDE (GraphiQL): ${gateway.url} in a browser` : ''}`);
  if (config.subgraph) logger.info('Served as an Apollo Federation 2 subgraph (GATEWAY_SUBGRAPH=on): _service { sdl } and _entities');
  logger.info(`Upstream: ${target.url}${embedded ? ' (embedded local Face API)' : ''}`);
  logger.info(`Credentials: ${describeCredentials(target, embedded ? config.embedded?.devCredentialsFile : undefined)}`);
  logger.info(`Client auth: ${describeAccess(config.access, embedded)}`);
  logger.info('Multipart uploads need the header "Apollo-Require-Preflight: true".');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: draining in-flight requests…`);
    void (async () => {
      for (const closable of closables) await closable.close();
      logger.info('Closed cleanly.');
      process.exit(0);
    })().catch((error) => {
      logger.error({ err: error }, 'Shutdown failed');
      process.exit(1);
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  // the local Face API's too (a bad DATA_DIR found at start-up)
  if (error instanceof ConfigError) {
    logger.fatal((error as Error).message);
  } else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    logger.fatal(`Port already in use: ${(error as Error).message}. Set PORT / LOCAL_FACE_API_PORT / METRICS_PORT to a free port.`);
  } else {
    logger.fatal({ err: error }, 'Start-up failed');
  }
  process.exit(1);
});
