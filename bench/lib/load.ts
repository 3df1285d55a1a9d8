import autocannon from 'autocannon';
import { percentile } from '../../tools/stats';

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
  /** a fixed number of requests instead of a duration (the warm-up is then 2 requests per connection) */
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
        // autocannon rejects an explicit `duration: undefined`
        ...(measure.amount ? { amount: measure.amount } : { duration: measure.durationS }),
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

/** One measured run: exact 2xx latencies, and each counter's increase during the run. */
export interface LoadRun<Name extends string> {
  connections: number;
  latencies: number[];
  seconds: number;
  failures: number;
  increase: Record<Name, number>;
}

/** Warm-up (discarded), then the measured run. */
export async function runLoad<Name extends string>(
  spec: LoadSpec,
  counters = {} as Record<Name, Counter>,
): Promise<LoadRun<Name>> {
  const names = Object.keys(counters) as Name[];
  const read = () => Promise.all(names.map((name) => counters[name]()));
  if (spec.amount) {
    // a counted warm-up ends with every request answered, so none spills into the measured run
    await once(spec, { amount: spec.connections * 2 });
  } else if (spec.warmupS > 0) {
    await once(spec, { durationS: spec.warmupS });
    // requests cut off by the end of the warm-up finish on the server before the counters are read
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  const before = await read();
  const { latencies, result } = await once(spec, spec.amount ? { amount: spec.amount } : { durationS: spec.durationS });
  const after = await read();
  return {
    connections: spec.connections,
    latencies,
    seconds: result.duration,
    failures: result.non2xx + result.errors + result.timeouts,
    increase: Object.fromEntries(names.map((name, i) => [name, after[i] - before[i]])) as Record<Name, number>,
  };
}

/** Figures of one or more runs of the same configuration taken as one (requests and time summed). */
export function summarize<Name extends string>(runs: Array<LoadRun<Name>>): LoadResult & { increase: Record<Name, number> } {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const increase = {} as Record<Name, number>;
  for (const run of runs) {
    for (const name of Object.keys(run.increase) as Name[]) increase[name] = (increase[name] ?? 0) + run.increase[name];
  }
  return {
    connections: runs[0].connections,
    requests: latencies.length,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
    increase,
  };
}
