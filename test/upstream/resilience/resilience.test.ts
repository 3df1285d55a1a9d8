import { CircuitBreaker, CircuitOpenError } from '../../../src/upstream/resilience/circuit-breaker';
import { ConcurrencyLimit, OverloadedError } from '../../../src/upstream/resilience/concurrency-limit';
import { backoffDelay, withRetries } from '../../../src/upstream/resilience/retry';
import { CallLimitError, DeadlineError, OperationBudget } from '../../../src/upstream/resilience/operation-budget';
import { loadConfig } from '../../../src/config';

describe('circuit breaker', () => {
  it('opens after consecutive failures, fails fast, then lets one trial through and closes on success', () => {
    let clock = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 1000, now: () => clock });
    for (let i = 0; i < 2; i += 1) {
      breaker.admit();
      breaker.record('failure');
    }
    expect(breaker.state).toBe('closed');
    breaker.admit();
    breaker.record('failure');
    expect(breaker.state).toBe('open');
    expect(() => breaker.admit()).toThrow(CircuitOpenError);

    clock = 1000;
    expect(breaker.state).toBe('half-open');
    breaker.admit(); // the trial
    expect(() => breaker.admit()).toThrow(CircuitOpenError); // only one trial at a time
    breaker.record('success');
    expect(breaker.state).toBe('closed');
    expect(() => breaker.admit()).not.toThrow();
  });

  it('reopens when the trial fails, and a success resets the failure count', () => {
    let clock = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 2, openMs: 100, now: () => clock });
    breaker.record('failure');
    breaker.record('success');
    breaker.record('failure');
    expect(breaker.state).toBe('closed');
    breaker.record('failure');
    clock = 100;
    breaker.admit();
    breaker.record('failure');
    expect(breaker.state).toBe('open');
  });
});

describe('retries', () => {
  const noSleep = { sleep: async () => undefined };

  it('retries retryable failures up to the limit and returns the first success', async () => {
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('transient');
        return 'ok';
      },
      () => true,
      { retries: 3, baseDelayMs: 10, maxDelayMs: 100, ...noSleep },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('gives up after the limit and never retries what is not retryable', async () => {
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw new Error('down');
    };
    await expect(withRetries(failing, () => true, { retries: 2, baseDelayMs: 1, maxDelayMs: 1, ...noSleep })).rejects.toThrow('down');
    expect(calls).toBe(3);
    calls = 0;
    await expect(withRetries(failing, () => false, { retries: 2, baseDelayMs: 1, maxDelayMs: 1, ...noSleep })).rejects.toThrow('down');
    expect(calls).toBe(1);
  });

  it('jitters within an exponentially growing, capped window', () => {
    const options = { retries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, { ...options, random: () => 0.999 })).toBe(99);
    expect(backoffDelay(2, { ...options, random: () => 0.5 })).toBe(200);
    expect(backoffDelay(10, { ...options, random: () => 0.999 })).toBe(999);
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(0);
  });
});

describe('concurrency limit', () => {
  it('never runs more than the limit at once, queues the rest, and rejects beyond the queue', async () => {
    const limit = new ConcurrencyLimit(2, 2);
    let running = 0;
    let peak = 0;
    const releases: Array<() => void> = [];
    const task = () =>
      limit.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
      });
    const accepted = [task(), task(), task(), task()];
    await expect(task()).rejects.toBeInstanceOf(OverloadedError);
    while (releases.length > 0 || running > 0) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(accepted);
    expect(peak).toBe(2);
    expect(limit.inFlight).toBe(0);
  });
});

describe('operation budget', () => {
  it('admits maxCalls calls, then refuses with CallLimitError', () => {
    const budget = new OperationBudget({ deadlineMs: 60_000, maxCalls: 2 });
    budget.admitCall();
    budget.admitCall();
    expect(() => budget.admitCall()).toThrow(CallLimitError);
  });

  it('starts its clock at the first call and aborts its signal with DeadlineError when the deadline passes', async () => {
    const budget = new OperationBudget({ deadlineMs: 20, maxCalls: 10 });
    expect(budget.remainingMs()).toBe(20); // no call yet: nothing spent
    budget.admitCall();
    await new Promise((resolve) => budget.signal.addEventListener('abort', resolve));
    expect(budget.signal.reason).toBeInstanceOf(DeadlineError);
    expect(budget.remainingMs()).toBe(0);
  });
});

describe('operation budget at the end of its operation', () => {
  it('never fires its deadline once the operation has ended', async () => {
    const budget = new OperationBudget({ deadlineMs: 20, maxCalls: 10 });
    budget.admitCall();
    const signal = budget.signal;
    budget.end();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(signal.aborted).toBe(false);
    expect(budget.expired).toBe(false);
  });

  it('ending an operation that made no call is harmless', () => {
    const budget = new OperationBudget({ deadlineMs: 20, maxCalls: 10 });
    budget.end();
    expect(budget.remainingMs()).toBe(20);
  });
});

describe('deadline-aware retries and queueing', () => {
  it('does not retry when the backoff would end past the deadline', async () => {
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw new Error('transient');
    };
    await expect(withRetries(failing, () => true, { retries: 5, baseDelayMs: 100, maxDelayMs: 100, random: () => 1, remainingMs: () => 50 })).rejects.toThrow('transient');
    expect(calls).toBe(1);
  });

  it('takes a queued call out of the queue when its signal aborts, and the queue keeps working', async () => {
    const limit = new ConcurrencyLimit(1, 10);
    let release!: () => void;
    const running = limit.run(() => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    const queued = limit.run(async () => 'never', controller.signal);
    controller.abort(new Error('deadline'));
    await expect(queued).rejects.toThrow('deadline');
    const next = limit.run(async () => 'next');
    release();
    await running;
    expect(await next).toBe('next');
    expect(limit.inFlight).toBe(0);
  });
});

describe('circuit breaker verdicts', () => {
  it('release() frees the half-open trial without a verdict', () => {
    let clock = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 100, now: () => clock });
    breaker.record('failure');
    clock = 100;
    breaker.admit(); // the trial, ended by the client's bad upload
    breaker.release();
    expect(breaker.state).toBe('half-open');
    expect(() => breaker.admit()).not.toThrow(); // the next call is the trial
  });
});

describe('operation budget settings', () => {
  it('reads GATEWAY_OPERATION_TIMEOUT_MS and GATEWAY_MAX_UPSTREAM_CALLS, with defaults well under a minute', () => {
    expect(loadConfig({}).transport.resilience).toMatchObject({ operationTimeoutMs: 30_000, maxCallsPerOperation: 50 });
    const set = loadConfig({ GATEWAY_OPERATION_TIMEOUT_MS: '5000', GATEWAY_MAX_UPSTREAM_CALLS: '7' });
    expect(set.transport.resilience).toMatchObject({ operationTimeoutMs: 5000, maxCallsPerOperation: 7 });
    expect(() => loadConfig({ GATEWAY_MAX_UPSTREAM_CALLS: '0' })).toThrow(/GATEWAY_MAX_UPSTREAM_CALLS must be an integer from 1/);
  });
});
