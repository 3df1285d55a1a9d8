/**
 * `npm run face-api`: the local Face API alone. Settings come from the environment (see config.ts);
 * SIGTERM/SIGINT drain in-flight requests (for up to LOCAL_FACE_API_CLOSE_GRACE_MS) and close the database and the engine.
 */
import { logger } from '../observability/logger';
import { ConfigError } from '../settings';
import { loadConfig, type LocalFaceApiConfig } from './config';
import { startLocalFaceApi } from './server';

/**
 * The start-up line: what a client (e.g. the cloud's Python quickstart's api_parameters.py) needs. The secret
 * key is never logged: a generated one is in the development credentials file, a configured one is known.
 */
function startupFields(config: LocalFaceApiConfig, url: string) {
  const { appId, accessKey } = config.credentials;
  return {
    api_url: url,
    app_id: appId,
    access_key: accessKey,
    secret_key_in: config.devCredentialsFile ?? 'FACE_SECRET_KEY',
    data_dir: config.dataDir,
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const { port, dataDir, closeGraceMs, credentials } = config;
  const api = await startLocalFaceApi({ port, host: '127.0.0.1', dataDir, closeGraceMs, ...credentials });
  logger.info(startupFields(config, api.url), `local Face API listening on ${api.url}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: draining requests and closing`);
    api.close().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'close failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  // a DataDirError (DATA_DIR not writable, found at start-up) is a ConfigError too
  if (error instanceof ConfigError) logger.fatal(`invalid configuration: ${error.message}`);
  else if (error?.code === 'EADDRINUSE') logger.fatal(`cannot listen: port ${error.port} is already in use`);
  else logger.fatal({ err: error }, 'local Face API failed to start');
  process.exit(1);
});
