/**
 * Enforces the rate-limit rules per client with rate-limiter-flexible: in memory by default, in Redis when
 * REDIS_URL is set (so every replica counts against the same limits).
 *
 * When Redis fails (down, or slower than STORE_TIMEOUT_MS) the limits are enforced per replica from memory
 * until it is back: requests keep being answered and a client still cannot exceed a limit on one replica, but
 * across N replicas it may get up to N times the limit meanwhile. Each failure counts in
 * gateway_redis_errors_total{use="rate_limit"}; the switch to and from the fallback is logged once each way.
 */
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../../observability/logger';
import type { RateLimitRule } from './rate-limit-rules';

export interface Refusal {
  rule: RateLimitRule;
  /** seconds until the request would fit again (the whole window when it can never fit) */
  retryAfterSeconds: number;
  /** the request alone costs more than the limit allows in a window */
  neverFits: boolean;
}

interface Limiter {
  rule: RateLimitRule;
  shared?: RateLimiterRedis;
  local: RateLimiterMemory;
}

export interface RateLimiterOptions {
  redis?: Redis;
  logger: Logger;
  /** a failed Redis call, counted in metrics */
  onStoreError?: () => void;
}

const KEY_PREFIX = 'face-gw:rl';

export class ClientRateLimiter {
  private readonly general = new Map<string, Limiter>();
  private readonly perClient = new Map<string, Limiter>();
  private degraded = false;

  constructor(
    rules: readonly RateLimitRule[],
    private readonly options: RateLimiterOptions,
  ) {
    for (const rule of rules) {
      const keyPrefix = `${KEY_PREFIX}:${rule.client ?? '*'}:${rule.bucket}:${rule.points}/${rule.durationSeconds}`;
      const settings = { points: rule.points, duration: rule.durationSeconds, keyPrefix };
      const limiter: Limiter = {
        rule,
        local: new RateLimiterMemory(settings),
        shared: options.redis ? new RateLimiterRedis({ ...settings, storeClient: options.redis, rejectIfRedisNotReady: true }) : undefined,
      };
      if (rule.client === undefined) this.general.set(rule.bucket, limiter);
      else this.perClient.set(`${rule.client}\n${rule.bucket}`, limiter);
    }
  }

  get enabled(): boolean {
    return this.general.size > 0 || this.perClient.size > 0;
  }

  private limiterFor(client: string, bucket: string): Limiter | undefined {
    return this.perClient.get(`${client}\n${bucket}`) ?? this.general.get(bucket);
  }

  /** Spends `cost` (bucket → points) for `client`; on a refusal nothing stays spent, and the refusal is returned. */
  async consume(client: string, cost: ReadonlyMap<string, number>): Promise<Refusal | undefined> {
    const spent: Array<{ limiter: RateLimiterAbstract; points: number }> = [];
    for (const [bucket, points] of cost) {
      const limiter = this.limiterFor(client, bucket);
      if (!limiter || points <= 0) continue;
      if (points > limiter.rule.points) {
        await this.refund(client, spent);
        return { rule: limiter.rule, retryAfterSeconds: limiter.rule.durationSeconds, neverFits: true };
      }
      const { store, refused } = await this.spend(limiter, client, points);
      if (!refused) {
        spent.push({ limiter: store, points });
        continue;
      }
      // a refused consume still counted its points (rate-limiter-flexible adds, then compares): give them back too
      await this.refund(client, [...spent, { limiter: store, points }]);
      return { rule: limiter.rule, retryAfterSeconds: Math.max(1, Math.ceil(refused.msBeforeNext / 1000)), neverFits: false };
    }
    return undefined;
  }

  /** Redis when configured and answering, else this replica's memory. `refused` is set when over the limit. */
  private async spend(limiter: Limiter, client: string, points: number): Promise<{ store: RateLimiterAbstract; refused?: RateLimiterRes }> {
    if (limiter.shared) {
      try {
        await limiter.shared.consume(client, points);
        this.recovered();
        return { store: limiter.shared };
      } catch (outcome) {
        if (outcome instanceof RateLimiterRes) {
          this.recovered();
          return { store: limiter.shared, refused: outcome };
        }
        this.failed(outcome);
      }
    }
    try {
      await limiter.local.consume(client, points);
      return { store: limiter.local };
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) return { store: limiter.local, refused: outcome };
      throw outcome;
    }
  }

  private async refund(client: string, spent: Array<{ limiter: RateLimiterAbstract; points: number }>): Promise<void> {
    await Promise.all(spent.map(({ limiter, points }) => limiter.reward(client, points).catch(() => undefined)));
  }

  private failed(error: unknown): void {
    this.options.onStoreError?.();
    if (this.degraded) return;
    this.degraded = true;
    this.options.logger.warn(
      { err: error instanceof Error ? { message: error.message } : String(error) },
      'Redis unavailable: rate limits are enforced per replica until it is back',
    );
  }

  private recovered(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.options.logger.info('Redis is back: rate limits are shared by the replicas again');
  }
}
