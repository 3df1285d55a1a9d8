/**
 * `npm run face-api`: the local Face API alone. Settings come from the environment (see config.ts);
 * SIGTERM/SIGINT drain in-flight requests and close the database and the engine.
 */
import { ConfigError, loadConfig, type LocalFaceApiConfig } from './config';
import { startLocalFaceApi } from './server';

function describe(config: LocalFaceApiConfig, url: string): string {
  const { appId, accessKey, secretKey } = config.credentials;
  const origin = config.devCredentialsFile
    ? `development credentials (generated once, kept in ${config.devCredentialsFile}):`
    : 'credentials from FACE_APP_ID / FACE_ACCESS_KEY / FACE_SECRET_KEY:';
  return [
    `local Face API listening on ${url} (data in ${config.dataDir})`,
    origin,
    `  api_url = "${url}"`,
    `  app_id = "${appId}"`,
    `  access_key = "${accessKey}"`,
    `  secret_key = "${config.devCredentialsFile ? secretKey : '(as configured)'}"`,
  ].join('\n');
}

async function main(): Promise<void> {
  const config = loadConfig();
  const api = await startLocalFaceApi({ port: config.port, host: '127.0.0.1', dataDir: config.dataDir, ...config.credentials });
  console.log(describe(config, api.url));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining requests and closing`);
    api.close().then(
      () => process.exit(0),
      (error) => {
        console.error('close failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  if (error instanceof ConfigError || error?.name === 'ConfigError') console.error(`invalid configuration: ${error.message}`);
  else if (error?.code === 'EADDRINUSE') console.error(`cannot listen: port ${error.port} is already in use`);
  else console.error('local Face API failed to start:', error);
  process.exit(1);
});
