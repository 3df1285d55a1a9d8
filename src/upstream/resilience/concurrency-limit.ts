/**
 * Caps calls in flight towards the upstream; excess calls wait in a bounded queue, and beyond it fail at once
 * (a paid API should see a steady stream, and a flood of clients must not turn into unbounded memory).
 */
export class OverloadedError extends Error {
  constructor(limit: number, queue: number) {
    super(`upstream concurrency limit reached (${limit} in flight, ${queue} waiting)`);
    this.name = 'OverloadedError';
  }
}

export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly maxInFlight: number,
    readonly maxQueued: number,
  ) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `task` in a slot; `signal` (the operation's deadline) takes a waiting call out of the queue. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    if (this.active >= this.maxInFlight) {
      if (this.waiting.length >= this.maxQueued) throw new OverloadedError(this.maxInFlight, this.waiting.length);
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          this.waiting.splice(this.waiting.indexOf(admit), 1);
          reject(signal!.reason);
        };
        const admit = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        this.waiting.push(admit);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    } else {
      this.active += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // hand the slot straight to the next waiter, so `active` never dips below what is running
      if (next) next();
      else this.active -= 1;
    }
  }
}
