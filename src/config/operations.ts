/**
 * The environment's settings for running the gateway in production (issue 13): logs, metrics, rate limits,
 * shared state, trusted documents. Tracing is configured by the standard OTEL_* variables (observability/tracing.ts).
 */
import { parseRateLimitRules } from '../gateway/limits/rate-limit-rules';
import { loadTrustedDocuments } from '../gateway/limits/trusted-documents';
import type { OperationsConfig } from '../gateway/settings';
import { LOG_LEVELS } from '../observability/logger';
import { ConfigError, integer, text as value, type Env } from '../settings';

/** Runs one parser: a ConfigError becomes one of the problems listed at the end, and the fallback is used. */
export type Attempt = <T>(parse: () => T, fallback: T) => T;

function check(attempt: Attempt, ok: boolean, problem: string): void {
  attempt(() => {
    if (!ok) throw new ConfigError(problem);
  }, undefined);
}

export function loadOperationsConfig(env: Env, attempt: Attempt): OperationsConfig {
  const level = value(env, 'LOG_LEVEL')?.toLowerCase();
  const format = value(env, 'LOG_FORMAT')?.toLowerCase();
  check(attempt, !level || (LOG_LEVELS as readonly string[]).includes(level), `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  check(attempt, !format || format === 'json' || format === 'pretty', `LOG_FORMAT must be json or pretty, got "${format}"`);
  const metricsPort = attempt(() => (value(env, 'METRICS_PORT') === undefined ? undefined : integer(env, 'METRICS_PORT', 0, 0, 65535)), undefined);
  const rateLimits = attempt(() => parseRateLimitRules(value(env, 'GATEWAY_RATE_LIMIT'), value(env, 'GATEWAY_RATE_LIMITS')), []);
  const redisUrl = value(env, 'REDIS_URL');
  check(attempt, !redisUrl || /^rediss?:\/\//.test(redisUrl), 'REDIS_URL must start with redis:// or rediss://');
  const manifest = value(env, 'GATEWAY_TRUSTED_DOCUMENTS');
  const trustedDocuments = manifest ? attempt(() => loadTrustedDocuments(manifest), undefined) : undefined;
  return { metricsPort, rateLimits, redisUrl, trustedDocuments };
}
