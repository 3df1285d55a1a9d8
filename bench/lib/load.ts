import autocannon from 'autocannon';
import { percentile } from './stats';

/**
 * One load run with autocannon. Latencies are kept exactly (autocannon's own histogram rounds to whole
 * milliseconds, too coarse for differences of about 1 ms), from the 'response' events of 2xx answers.
 */

export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  /** called before the warm-up and before the measured run, so signed requests get a fresh x-date */
  headers: () => Record<string, string>;
  body?: string;
  connections: number;
  /** duration of the measured run; ignored when `amount` is given */
  durationS: number;
  warmupS: number;
  /** a fixed number of requests instead of a duration */
  amount?: number;
}

export interface LoadResult {
  connections: number;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** non-2xx answers, socket errors and timeouts: any of them makes the run's figures invalid */
  failures: number;
}

function once(spec: LoadSpec, measure: { durationS?: number; amount?: number }): Promise<{ latencies: number[]; result: autocannon.Result }> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        method: spec.method ?? 'POST',
        headers: spec.headers(),
        body: spec.body,
        connections: spec.connections,
        duration: measure.durationS,
        amount: measure.amount,
        timeout: 120,
      },
      (error, result) => (error ? reject(error) : resolve({ latencies, result })),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
    });
  });
}

/** A cumulative counter read before and after the measured run, e.g. a process's CPU microseconds. */
export type Counter = () => Promise<number>;

/** Warm-up (discarded), then the measured run; `counters` are returned as their increase during that run. */
export async function runLoad<Name extends string>(
  spec: LoadSpec,
  counters = {} as Record<Name, Counter>,
): Promise<LoadResult & { increase: Record<Name, number> }> {
  const names = Object.keys(counters) as Name[];
  const read = () => Promise.all(names.map((name) => counters[name]()));
  if (spec.warmupS > 0) await once(spec, { durationS: spec.warmupS });
  const before = await read();
  const { latencies, result } = await once(spec, spec.amount ? { amount: spec.amount } : { durationS: spec.durationS });
  const after = await read();
  latencies.sort((a, b) => a - b);
  return {
    increase: Object.fromEntries(names.map((name, i) => [name, after[i] - before[i]])) as Record<Name, number>,
    connections: spec.connections,
    requests: latencies.length,
    seconds: result.duration,
    requestsPerSecond: latencies.length / result.duration,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
