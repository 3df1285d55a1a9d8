/**
 * The gateway's settings that src/config/ reads from the environment, and their defaults. The gateway's other
 * settings are declared where they are used: access (access/authenticate.ts), CORS (http/cors.ts), the document
 * size (limits/document-size.ts), the operation limits (limits/operation-limits.ts), GatewayConfig (server.ts).
 */
import type { RateLimitRule } from './limits/rate-limit-rules';
import type { TrustedDocuments } from './limits/trusted-documents';

/** PORT */
export const DEFAULT_PORT = 4000;

const MB = 1024 * 1024;

export interface UploadConfig {
  // the size of a file is fixed by the upstream's contract (< 8 MB), not configurable
  /** files per multipart request */
  maxFiles: number;
  /** bytes of a JSON request body (base64 images travel in it) */
  maxJsonBodyBytes: number;
}

/** MAX_UPLOAD_FILES, MAX_JSON_BODY_MB */
export const DEFAULT_UPLOADS: UploadConfig = { maxFiles: 64, maxJsonBodyBytes: 50 * MB };

/** Settings for running the gateway in production (issue 13); tracing is configured by the OTEL_* variables. */
export interface OperationsConfig {
  /** METRICS_PORT: serve GET /metrics on this port only (not on PORT) */
  metricsPort?: number;
  /** GATEWAY_RATE_LIMIT and GATEWAY_RATE_LIMITS */
  rateLimits: RateLimitRule[];
  /** REDIS_URL: rate limits and the persisted-query cache shared by every replica */
  redisUrl?: string;
  /** GATEWAY_TRUSTED_DOCUMENTS: the manifest of the only operations allowed */
  trustedDocuments?: TrustedDocuments;
}
