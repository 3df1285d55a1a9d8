/**
 * The Redis connection that replicas share state through (REDIS_URL): rate-limit counters and the
 * automatic-persisted-query cache. Commands fail fast instead of queueing while Redis is away (callers fall
 * back, see ../limits/rate-limiter.ts and ./apq-cache.ts); ioredis reconnects in the background.
 */
import Redis from 'ioredis';
import type { Logger } from '../../observability/logger';

const COMMAND_TIMEOUT_MS = 500;
const FIRST_CONNECT_WAIT_MS = 5000;

export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // every failure is counted and logged by the user of the command; the connection's own errors repeat
  // on each reconnect attempt, so they go to debug only
  redis.on('error', (error: Error) => logger.debug({ err: { message: error.message } }, 'Redis connection error'));
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      logger.warn(`Redis at ${safeUrl(url)} not ready after ${FIRST_CONNECT_WAIT_MS} ms: starting anyway, falling back until it is`);
      resolve();
    }, FIRST_CONNECT_WAIT_MS);
    redis.once('ready', () => {
      clearTimeout(timer);
      logger.info(`Redis at ${safeUrl(url)} ready: rate limits and persisted queries are shared`);
      resolve();
    });
  });
  return redis;
}

/** The URL without its password, for logs. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}
