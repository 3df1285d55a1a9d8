/**
 * Retries with "full jitter" exponential backoff (delay = random(0, min(cap, base·2^attempt))).
 * The caller decides what is retryable; the client retries only idempotent reads, never a write.
 */
export interface RetryOptions {
  /** attempts after the first */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** time left for the whole operation: no retry whose backoff would end past it */
  remainingMs?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function backoffDelay(attempt: number, options: RetryOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  isRetryable: (error: unknown) => boolean,
  options: RetryOptions,
): Promise<T> {
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= options.retries || !isRetryable(error)) throw error;
      const delay = backoffDelay(attempt, options);
      if (options.remainingMs && delay >= options.remainingMs()) throw error;
      await sleep(delay);
    }
  }
}
