/**
 * Command-line / environment options of `npm run bench`:
 *   --quick                 short runs (smoke-test the harness; figures are noisier)
 *   --only=a,b,c            run a subset of the scenarios
 *   BENCH_DURATION_S        measured seconds per configuration of (a), split over the rounds (default 4, quick 2)
 *   BENCH_ROUNDS            rounds per configuration of (a), alternating the order of the ways (default 2, quick 1)
 *   BENCH_WARMUP_S          seconds of warm-up before each measured run (default 1)
 *   BENCH_PRIME_S           seconds of load on a freshly started server before any measurement (default 4, quick 1)
 *   BENCH_CONNECTIONS       comma-separated concurrency levels for (a) (default 1,10,50; quick 50)
 *   BENCH_LINKS             links of (a): "as is" (no added latency) and/or "proxy" (default both; quick proxy)
 *   BENCH_WAYS              comma-separated servers of (a) to run, e.g. "gateway,Apollo standalone" (default all;
 *                           the validity check needs "bare hop", direct REST always runs)
 *   BENCH_UPSTREAM_CONNECTIONS  upstream pool of every server under test (default 256: no contender capped)
 *   BENCH_UPLOAD_ROUNDS     16-photo uploads each way in (c), alternating which goes first (default 2, quick 1)
 *   BENCH_PROXY=http        (a)'s 20 ms through the HTTP fault proxy instead of the TCP latency link (for comparison)
 *   BENCH_CPU_PROF=1        each server under test writes a CPU profile to bench/results/profiles/ (slows them)
 */

export type Scenario = 'a' | 'b' | 'c';
export type Link = 'as is' | 'proxy';

/** A bad command line or environment value: reported as one line, without a stack. */
export class UsageError extends Error {}

export interface BenchOptions {
  quick: boolean;
  scenarios: Scenario[];
  durationS: number;
  rounds: number;
  warmupS: number;
  primeS: number;
  connections: number[];
  links: Link[];
  /** servers of (a); undefined: all */
  ways?: string[];
  upstreamConnections: number;
  /** 16-photo uploads each way in (c) */
  uploadRounds: number;
  /** GraphQL requests measured in (b) */
  searchRequests: number;
  /** added latency of the stand-in cloud API in (a) */
  proxyDelayMs: number;
  /** what adds it: the TCP latency link (default), or the HTTP fault proxy of (b) (BENCH_PROXY=http), as until issue 10's fix */
  latency: 'tcp link' | 'http proxy';
}

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${name} must be a positive number, got "${raw}"`);
  return value;
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const unknown = argv.filter((arg) => arg !== '--quick' && !arg.startsWith('--only='));
  if (unknown.length > 0) throw new UsageError(`unknown argument(s): ${unknown.join(' ')} (use --quick, --only=a,b,c)`);
  const quick = argv.includes('--quick') || env.BENCH_QUICK === '1';
  const only = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  const scenarios = (only ? only.split(',') : ['a', 'b', 'c']).map((name) => name.trim());
  for (const name of scenarios) {
    if (!['a', 'b', 'c'].includes(name)) throw new UsageError(`--only takes a, b and/or c, got "${name}"`);
  }
  const connections = (env.BENCH_CONNECTIONS ?? (quick ? '50' : '1,10,50'))
    .split(',')
    .map((value) => positive('BENCH_CONNECTIONS', value, 1));
  const links = (env.BENCH_LINKS ?? (quick ? 'proxy' : 'as is,proxy')).split(',').map((link) => link.trim());
  for (const link of links) {
    if (link !== 'as is' && link !== 'proxy') throw new UsageError(`BENCH_LINKS takes "as is" and/or "proxy", got "${link}"`);
  }
  return {
    quick,
    links: links as Link[],
    ways: env.BENCH_WAYS?.split(',').map((way) => way.trim()),
    upstreamConnections: Math.round(positive('BENCH_UPSTREAM_CONNECTIONS', env.BENCH_UPSTREAM_CONNECTIONS, 256)),
    scenarios: scenarios as Scenario[],
    durationS: positive('BENCH_DURATION_S', env.BENCH_DURATION_S, quick ? 2 : 4),
    rounds: Math.max(1, Math.round(positive('BENCH_ROUNDS', env.BENCH_ROUNDS, quick ? 1 : 2))),
    warmupS: positive('BENCH_WARMUP_S', env.BENCH_WARMUP_S, 1),
    primeS: positive('BENCH_PRIME_S', env.BENCH_PRIME_S, quick ? 1 : 4),
    connections: connections.map((value) => Math.max(1, Math.round(value))),
    searchRequests: quick ? 10 : 20,
    uploadRounds: Math.max(1, Math.round(positive('BENCH_UPLOAD_ROUNDS', env.BENCH_UPLOAD_ROUNDS, quick ? 1 : 2))),
    proxyDelayMs: 20,
    latency: env.BENCH_PROXY === 'http' ? 'http proxy' : 'tcp link',
  };
}
