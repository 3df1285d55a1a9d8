/**
 * Fails fast while the upstream is down, and finds out by itself when it is back.
 * closed → (failureThreshold consecutive failures) → open → (after openMs) → half-open: one trial call;
 * its success closes the breaker, its failure opens it again.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  failureThreshold: number;
  openMs: number;
  now?: () => number;
}

export class CircuitOpenError extends Error {
  constructor(readonly retryInMs: number) {
    super(`upstream circuit is open; next attempt in ${Math.ceil(retryInMs / 1000)} s`);
    this.name = 'CircuitOpenError';
  }
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private current: BreakerState = 'closed';
  private readonly now: () => number;

  constructor(private readonly options: BreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.openMs) this.current = 'half-open';
    return this.current;
  }

  /** Throws CircuitOpenError instead of letting a call through while open (or while the half-open trial runs). */
  admit(): void {
    const state = this.state;
    if (state === 'closed') return;
    if (state === 'half-open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return;
    }
    throw new CircuitOpenError(Math.max(0, this.options.openMs - (this.now() - this.openedAt)));
  }

  /** A call that ended for a reason of the client's (its file was unusable or cut): no verdict on the upstream. */
  release(): void {
    this.trialInFlight = false;
  }

  /** Only failures that say "the upstream is unwell" count (timeouts, resets, 5xx), not a 400 or 404. */
  record(outcome: 'success' | 'failure'): void {
    this.trialInFlight = false;
    if (outcome === 'success') {
      this.failures = 0;
      this.current = 'closed';
      return;
    }
    this.failures += 1;
    if (this.current === 'half-open' || this.failures >= this.options.failureThreshold) {
      this.current = 'open';
      this.openedAt = this.now();
    }
  }
}
