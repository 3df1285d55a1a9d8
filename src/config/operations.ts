/**
 * The environment's settings for running the gateway in production (issue 13): logs, metrics, rate limits,
 * shared state, trusted documents. Tracing is configured by the standard OTEL_* variables (observability/tracing.ts).
 */
import { parseRateLimitRules, RateLimitConfigError, type RateLimitRule } from '../gateway/limits/rate-limit-rules';
import { loadTrustedDocuments, TrustedDocumentsError, type TrustedDocuments } from '../gateway/limits/trusted-documents';
import type { OperationsConfig } from '../gateway/settings';
import { LOG_LEVELS } from '../observability/logger';
import { text as value, type Env } from '../settings';

/** Returns the settings and the problems found (each naming its variable). */
export function loadOperationsConfig(env: Env): { config: OperationsConfig; problems: string[] } {
  const problems: string[] = [];
  const level = value(env, 'LOG_LEVEL')?.toLowerCase();
  if (level && !(LOG_LEVELS as readonly string[]).includes(level)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  const format = value(env, 'LOG_FORMAT')?.toLowerCase();
  if (format && format !== 'json' && format !== 'pretty') problems.push(`LOG_FORMAT must be json or pretty, got "${format}"`);

  let metricsPort: number | undefined;
  const rawPort = value(env, 'METRICS_PORT');
  if (rawPort !== undefined) {
    if (/^\d+$/.test(rawPort) && Number(rawPort) <= 65535) metricsPort = Number(rawPort);
    else problems.push(`METRICS_PORT must be an integer from 0 to 65535, got "${rawPort}"`);
  }
  let rateLimits: RateLimitRule[] = [];
  try {
    rateLimits = parseRateLimitRules(value(env, 'GATEWAY_RATE_LIMIT'), value(env, 'GATEWAY_RATE_LIMITS'));
  } catch (error) {
    if (!(error instanceof RateLimitConfigError)) throw error;
    problems.push(error.message);
  }
  const redisUrl = value(env, 'REDIS_URL');
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) problems.push('REDIS_URL must start with redis:// or rediss://');
  let trustedDocuments: TrustedDocuments | undefined;
  const manifest = value(env, 'GATEWAY_TRUSTED_DOCUMENTS');
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
