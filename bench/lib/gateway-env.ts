import type { Upstream } from './rest';

/**
 * The environment the gateway under test is configured from (through loadConfig, like production):
 * the bench's upstream and credentials, and one client API key with every scope, so auth stays on.
 */
export function gatewayEnvironment(upstream: Upstream, clientApiKey: string): Record<string, string | undefined> {
  return {
    ...process.env,
    FACE_API_URL: upstream.url,
    FACE_APP_ID: upstream.appId,
    FACE_ACCESS_KEY: upstream.accessKey,
    FACE_SECRET_KEY: upstream.secretKey,
    GATEWAY_API_KEYS: `${clientApiKey}:read+write+admin`,
  };
}
