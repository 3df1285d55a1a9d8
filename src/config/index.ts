/**
 * Every setting of the process, parsed and validated once from the environment.
 * A bad or missing value stops start-up with a message that names the variable to set.
 */
import { parseApiKeys } from '../gateway/access/api-keys';
import type { AccessSettings } from '../gateway/access/authenticate';
import { createJwtVerifier, DEFAULT_MAX_LIFETIME_SECONDS } from '../gateway/access/jwt';
import { parseCorsOrigins, type CorsOrigins } from '../gateway/http/cors';
import { DEFAULT_MAX_DOCUMENT_BYTES } from '../gateway/limits/document-size';
import { DEFAULT_PORT, DEFAULT_UPLOADS, type OperationsConfig, type UploadConfig } from '../gateway/settings';
import { loadConfig as loadLocalFaceApiConfig, type LocalFaceApiConfig } from '../local-face-api/config';
import { ConfigError, flag, integer, text, type Env } from '../settings';
import { DEFAULT_RESILIENCE, DEFAULT_TRANSPORT, type UpstreamTarget, type UpstreamTransport } from '../upstream/settings';
import { loadOperationsConfig, type Attempt } from './operations';

export interface AppConfig {
  port: number;
  /** HOST: the interface the gateway listens on; unset = loopback only when client auth is off, else every interface */
  host?: string;
  /** GRAPHQL_MAX_DOCUMENT_BYTES: the largest GraphQL document (query text) accepted, whatever its tokens */
  maxDocumentBytes: number;
  /** FACE_API_URL and its credentials; unset means: start the embedded local Face API */
  remote?: UpstreamTarget;
  /** the embedded local Face API's settings (LOCAL_FACE_API_PORT, DATA_DIR, credentials), when `remote` is unset */
  embedded?: LocalFaceApiConfig;
  transport: UpstreamTransport;
  uploads: UploadConfig;
  /** client authentication (GATEWAY_API_KEYS, GATEWAY_JWT_*, GATEWAY_AUTH) */
  access: AccessSettings;
  /**
   * Set when the gateway must not serve as configured: a real upstream (a paid key) with no client
   * credentials and no explicit GATEWAY_AUTH=off. main.ts refuses to start with it; tools that start a
   * gateway on purpose without auth (benchmarks) may ignore it.
   */
  accessRefusal?: string;
  /** GRAPHQL_INTROSPECTION (default on: the schema is published in schema/schema.graphql anyway) */
  introspection: boolean;
  /** GATEWAY_DEBUG_ERRORS (default off): stack traces in GraphQL error responses, for local debugging only */
  debugErrors: boolean;
  /** GATEWAY_FAST_PATH (default on): operations already run skip Apollo's request pipeline (src/gateway/execution/fast-path.ts) */
  fastPath: boolean;
  /** GATEWAY_SUBGRAPH (default off): serve the schema as an Apollo Federation 2 subgraph (`_service`, `_entities`) */
  subgraph: boolean;
  /** CORS_ORIGINS: origins whose browser pages may call the gateway (default none: same origin only) */
  corsOrigins: CorsOrigins;
  /** logs, metrics, rate limits, Redis, trusted documents (./operations.ts) */
  operations: OperationsConfig;
}

const MB = 1024 * 1024;

function upstreamUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`FACE_API_URL must be an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`FACE_API_URL must use http or https, got "${url.protocol}"`);
  }
  if (url.search || url.hash) throw new ConfigError('FACE_API_URL must not carry a query string or fragment');
  return url.toString().replace(/\/+$/, '');
}

/**
 * Client authentication. With a real upstream (FACE_API_URL) the gateway spends a paid key, so it refuses to
 * start without client credentials unless GATEWAY_AUTH=off says so explicitly; with the embedded local
 * Face API, auth is off unless keys or a JWT key are given.
 */
function accessSettings(env: Env, remote: boolean): { access: AccessSettings; refusal?: string } {
  const apiKeys = parseApiKeys(text(env, 'GATEWAY_API_KEYS') ?? '');
  let jwt: AccessSettings['jwt'];
  try {
    jwt = createJwtVerifier({
      secret: text(env, 'GATEWAY_JWT_SECRET'),
      jwksFile: text(env, 'GATEWAY_JWKS_FILE'),
      issuer: text(env, 'GATEWAY_JWT_ISSUER'),
      audience: text(env, 'GATEWAY_JWT_AUDIENCE'),
      maxLifetimeSeconds: integer(env, 'GATEWAY_JWT_MAX_LIFETIME_SECONDS', DEFAULT_MAX_LIFETIME_SECONDS, 1, 366 * 24 * 3600),
    });
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`GATEWAY_JWKS_FILE could not be read as a JWKS: ${(error as Error).message}`);
  }
  const credentialsGiven = apiKeys.length > 0 || jwt !== null;
  const mode = text(env, 'GATEWAY_AUTH')?.toLowerCase();
  if (mode !== undefined && mode !== 'on' && mode !== 'off') throw new ConfigError(`GATEWAY_AUTH must be on or off, got "${mode}"`);
  const off: AccessSettings = { enabled: false, apiKeys: [], jwt: null };
  if (mode === 'off') return { access: off };
  if (credentialsGiven) return { access: { enabled: true, apiKeys, jwt } };
  const howTo = 'set GATEWAY_API_KEYS (e.g. "key1:read+write+admin") or GATEWAY_JWT_SECRET / GATEWAY_JWKS_FILE';
  if (mode === 'on') throw new ConfigError(`GATEWAY_AUTH=on needs client credentials: ${howTo}`);
  if (remote) {
    return { access: off, refusal: `With FACE_API_URL set, clients must authenticate: ${howTo}, or set GATEWAY_AUTH=off explicitly` };
  }
  return { access: off };
}

/** Parses the environment; throws ConfigError listing every problem found. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const attempt: Attempt = (parse, fallback) => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(error.message);
      return fallback;
    }
  };

  const port = attempt(() => integer(env, 'PORT', DEFAULT_PORT, 0, 65535), DEFAULT_PORT);
  const host = text(env, 'HOST');
  const maxDocumentBytes = attempt(
    () => integer(env, 'GRAPHQL_MAX_DOCUMENT_BYTES', DEFAULT_MAX_DOCUMENT_BYTES, 1024, 64 * MB),
    DEFAULT_MAX_DOCUMENT_BYTES,
  );
  const rawUrl = text(env, 'FACE_API_URL');
  const required = (name: string): string => {
    const value = text(env, name);
    if (!value) problems.push(`${name} is required when FACE_API_URL is set (from the Face API service-start e-mail)`);
    return value ?? '';
  };
  const remote: UpstreamTarget | undefined = rawUrl
    ? {
        url: attempt(() => upstreamUrl(rawUrl), ''),
        appId: required('FACE_APP_ID'),
        accessKey: required('FACE_ACCESS_KEY'),
        secretKey: required('FACE_SECRET_KEY'),
      }
    : undefined;
  // the local Face API owns its settings (port, data dir, development credentials kept in DATA_DIR)
  const embedded = rawUrl
    ? undefined
    : attempt((): LocalFaceApiConfig | undefined => loadLocalFaceApiConfig(env), undefined);
  const transport: UpstreamTransport = {
    connectTimeoutMs: attempt(() => integer(env, 'UPSTREAM_CONNECT_TIMEOUT_MS', DEFAULT_TRANSPORT.connectTimeoutMs, 1, 600000), 0),
    headersTimeoutMs: attempt(() => integer(env, 'UPSTREAM_TIMEOUT_MS', DEFAULT_TRANSPORT.headersTimeoutMs, 1, 600000), 0),
    bodyTimeoutMs: attempt(() => integer(env, 'UPSTREAM_BODY_TIMEOUT_MS', DEFAULT_TRANSPORT.bodyTimeoutMs, 1, 600000), 0),
    connections: attempt(() => integer(env, 'UPSTREAM_CONNECTIONS', DEFAULT_TRANSPORT.connections, 1, 1024), 0),
    resilience: {
      retries: attempt(() => integer(env, 'UPSTREAM_RETRIES', DEFAULT_RESILIENCE.retries, 0, 10), 0),
      maxInFlight: attempt(() => integer(env, 'UPSTREAM_MAX_IN_FLIGHT', DEFAULT_RESILIENCE.maxInFlight, 1, 10000), 1),
      maxQueued: attempt(() => integer(env, 'UPSTREAM_MAX_QUEUED', DEFAULT_RESILIENCE.maxQueued, 0, 100000), 0),
      breakerFailures: attempt(() => integer(env, 'UPSTREAM_BREAKER_FAILURES', DEFAULT_RESILIENCE.breakerFailures, 1, 1000), 1),
      breakerOpenMs: attempt(() => integer(env, 'UPSTREAM_BREAKER_OPEN_MS', DEFAULT_RESILIENCE.breakerOpenMs, 1, 600000), 1),
      operationTimeoutMs: attempt(() => integer(env, 'GATEWAY_OPERATION_TIMEOUT_MS', DEFAULT_RESILIENCE.operationTimeoutMs, 1, 600000), 1),
      maxCallsPerOperation: attempt(() => integer(env, 'GATEWAY_MAX_UPSTREAM_CALLS', DEFAULT_RESILIENCE.maxCallsPerOperation, 1, 10000), 1),
    },
  };
  const uploads: UploadConfig = {
    maxFiles: attempt(() => integer(env, 'MAX_UPLOAD_FILES', DEFAULT_UPLOADS.maxFiles, 1, 1024), 0),
    maxJsonBodyBytes: attempt(() => integer(env, 'MAX_JSON_BODY_MB', DEFAULT_UPLOADS.maxJsonBodyBytes / MB, 1, 1024), 0) * MB,
  };
  const { access, refusal: accessRefusal } = attempt(() => accessSettings(env, remote !== undefined), {
    access: { enabled: true, apiKeys: [], jwt: null } as AccessSettings,
  });
  const introspection = attempt(() => flag(env, 'GRAPHQL_INTROSPECTION', true), true);
  const debugErrors = attempt(() => flag(env, 'GATEWAY_DEBUG_ERRORS', false), false);
  const fastPath = attempt(() => flag(env, 'GATEWAY_FAST_PATH', true), true);
  const subgraph = attempt(() => flag(env, 'GATEWAY_SUBGRAPH', false), false);
  const corsOrigins = attempt((): CorsOrigins => parseCorsOrigins(text(env, 'CORS_ORIGINS'), access.enabled), []);
  const operations = loadOperationsConfig(env, attempt);
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return { port, host, maxDocumentBytes, remote, embedded, transport, uploads, access, accessRefusal, introspection, debugErrors, fastPath, corsOrigins, operations, subgraph };
}

/**
 * Where the gateway listens. Without client auth anyone who can reach it may create and delete databases, so
 * it listens on loopback only unless HOST says otherwise.
 */
export function listenAddress(config: Pick<AppConfig, 'host' | 'access'>): { host?: string; note: string } {
  if (config.host) return { host: config.host, note: `on ${config.host} (HOST)` };
  if (!config.access.enabled) {
    return { host: '127.0.0.1', note: 'on 127.0.0.1 only, because client auth is off (set HOST, e.g. HOST=0.0.0.0, to listen elsewhere)' };
  }
  return { note: 'on every interface (set HOST to choose one)' };
}
