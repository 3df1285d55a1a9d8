/**
 * Settings for running the gateway in production (issue 13): logs, metrics, rate limits, shared state,
 * trusted documents. Tracing is configured by the standard OTEL_* variables (observability/tracing.ts).
 */
import { LOG_LEVELS } from './observability/logger';
import { parseRateLimitRules, RateLimitConfigError, type RateLimitRule } from './gateway/limits/rate-limit-rules';
import { loadTrustedDocuments, TrustedDocumentsError, type TrustedDocuments } from './gateway/limits/trusted-documents';

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

type Env = Record<string, string | undefined>;

/** Returns the settings and the problems found (each naming its variable). */
export function loadOperationsConfig(env: Env): { config: OperationsConfig; problems: string[] } {
  const problems: string[] = [];
  const value = (name: string) => env[name]?.trim() || undefined;
  const level = value('LOG_LEVEL')?.toLowerCase();
  if (level && !(LOG_LEVELS as readonly string[]).includes(level)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  const format = value('LOG_FORMAT')?.toLowerCase();
  if (format && format !== 'json' && format !== 'pretty') problems.push(`LOG_FORMAT must be json or pretty, got "${format}"`);

  let metricsPort: number | undefined;
  const rawPort = value('METRICS_PORT');
  if (rawPort !== undefined) {
    if (/^\d+$/.test(rawPort) && Number(rawPort) <= 65535) metricsPort = Number(rawPort);
    else problems.push(`METRICS_PORT must be an integer from 0 to 65535, got "${rawPort}"`);
  }
  let rateLimits: RateLimitRule[] = [];
  try {
    rateLimits = parseRateLimitRules(value('GATEWAY_RATE_LIMIT'), value('GATEWAY_RATE_LIMITS'));
  } catch (error) {
    if (!(error instanceof RateLimitConfigError)) throw error;
    problems.push(error.message);
  }
  const redisUrl = value('REDIS_URL');
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) problems.push('REDIS_URL must start with redis:// or rediss://');
  let trustedDocuments: TrustedDocuments | undefined;
  const manifest = value('GATEWAY_TRUSTED_DOCUMENTS');
  if (manifest) {
    try {
      trustedDocuments = loadTrustedDocuments(manifest);
    } catch (error) {
      if (!(error instanceof TrustedDocumentsError)) throw error;
      problems.push(error.message);
    }
  }
  return { config: { metricsPort, rateLimits, redisUrl, trustedDocuments }, problems };
}
