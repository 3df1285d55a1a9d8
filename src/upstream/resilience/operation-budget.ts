/**
 * What one GraphQL operation may spend upstream: a hard cap on calls (however the query is nested or aliased)
 * and one deadline for all of its calls, retries and backoffs together (not per attempt: a hanging upstream
 * must not hold a read for attempts × timeout). The clock starts with the operation's first upstream call, so
 * the time a client takes to send its files is not counted (the HTTP server bounds that).
 */
export interface OperationBudgetOptions {
  /** GATEWAY_OPERATION_TIMEOUT_MS */
  deadlineMs: number;
  /** GATEWAY_MAX_UPSTREAM_CALLS */
  maxCalls: number;
}

export class CallLimitError extends Error {
  constructor(readonly maxCalls: number) {
    super(`this operation reached its limit of ${maxCalls} upstream calls (GATEWAY_MAX_UPSTREAM_CALLS): ask for less per request`);
    this.name = 'CallLimitError';
  }
}

export class DeadlineError extends Error {
  constructor(readonly deadlineMs: number) {
    super(`the operation's deadline of ${deadlineMs} ms (GATEWAY_OPERATION_TIMEOUT_MS) passed before the Face API answered`);
    this.name = 'DeadlineError';
  }
}

export class OperationBudget {
  private calls = 0;
  private controller?: AbortController;
  private timer?: NodeJS.Timeout;
  private startedAt = 0;

  constructor(readonly options: OperationBudgetOptions) {}

  /** Counts one upstream call (retries included); throws CallLimitError past the cap. Starts the clock. */
  admitCall(): void {
    if (this.calls >= this.options.maxCalls) throw new CallLimitError(this.options.maxCalls);
    this.calls += 1;
    this.start();
  }

  /** Aborted when the deadline passes. */
  get signal(): AbortSignal {
    return this.start().signal;
  }

  get expired(): boolean {
    return this.controller?.signal.aborted ?? false;
  }

  private start(): AbortController {
    if (!this.controller) {
      const controller = (this.controller = new AbortController());
      this.startedAt = Date.now();
      this.timer = setTimeout(() => controller.abort(new DeadlineError(this.options.deadlineMs)), this.options.deadlineMs);
      // an operation that finished early must not keep the process alive for its deadline
      this.timer.unref();
    }
    return this.controller;
  }

  /**
   * The operation is over (its answer is sent): its deadline timer is cleared. Left armed, every operation's
   * timer fired 30 s later and built a DeadlineError for nothing, and its controller lived that long.
   */
  end(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Milliseconds left before the deadline (the whole deadline before the first call). */
  remainingMs(): number {
    if (!this.controller) return this.options.deadlineMs;
    return Math.max(0, this.options.deadlineMs - (Date.now() - this.startedAt));
  }
}
