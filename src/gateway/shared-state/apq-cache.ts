/**
 * Apollo's automatic-persisted-query cache in Redis, so a query registered through one replica is found by
 * the others. A Redis failure is a cache miss (the client then sends the full query, as the APQ protocol
 * expects), counted in gateway_redis_errors_total{use="apq"}.
 */
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type Redis from 'ioredis';

const PREFIX = 'face-gw:apq:';
/** without a TTL from Apollo, registered queries expire after a day unused (Redis memory stays bounded) */
const DEFAULT_TTL_SECONDS = 86_400;

export class RedisApqCache implements KeyValueCache<string> {
  constructor(
    private readonly redis: Redis,
    private readonly onError: () => void,
  ) {}

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(PREFIX + key)) ?? undefined;
    } catch {
      this.onError();
      return undefined;
    }
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    try {
      await this.redis.set(PREFIX + key, value, 'EX', options?.ttl || DEFAULT_TTL_SECONDS);
    } catch {
      this.onError();
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      return (await this.redis.del(PREFIX + key)) > 0;
    } catch {
      this.onError();
      return false;
    }
  }
}
