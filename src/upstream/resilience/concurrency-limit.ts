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

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.maxInFlight) {
      if (this.waiting.length >= this.maxQueued) throw new OverloadedError(this.maxInFlight, this.waiting.length);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
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
