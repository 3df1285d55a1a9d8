import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from './lib/fixtures';
import { jsonHeaders } from '../tools/graphql-client';
import { startChild, type BenchChild } from './lib/ipc';
import { runLoad, summarize, type LoadRun } from './lib/load';
import { cpuCounter, PROFILES_DIR } from './lib/servers';
import { ratio, round } from './lib/stats';

/**
 * `npm run bench:observability [-- --quick]`: what logs, metrics and traces cost on the request path. Two
 * gateway processes in front of the same local Face API, identical but for instrumentation (on: a JSON log line
 * per request, prom-client metrics, OpenTelemetry spans exported over OTLP/HTTP; off: none of it), loaded in
 * alternating rounds in the same minutes with `{ databases { id name } }`. Reports throughput, p50/p99 and CPU
 * per request of each, and on/off ratios. BENCH_DURATION_S (per configuration, default 6, quick 2),
 * BENCH_ROUNDS (default 4, quick 2), BENCH_CONNECTIONS (default 1,10).
 */

const log = (line: string) => process.stderr.write(`${line}\n`);
const QUERY = JSON.stringify({ query: '{ databases { id name } }' });

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const durationS = Number(process.env.BENCH_DURATION_S ?? (quick ? 2 : 6));
  const rounds = Number(process.env.BENCH_ROUNDS ?? (quick ? 2 : 4));
  const connectionLevels = (process.env.BENCH_CONNECTIONS ?? '1,10').split(',').map(Number);
  const dataDir = mkdtempSync(join(tmpdir(), 'face-bench-obs-'));
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const credentials = { appId: randomUUID(), accessKey: randomUUID(), secretKey: randomBytes(24).toString('base64url') };
  const loadBefore = loadavg();
  const faceApi = await startChild<{ url: string }>('face-api', { dataDir, ...credentials });
  const upstream = { url: faceApi.info.url, ...credentials };
  for (let i = 1; i <= 5; i++) await createDatabase(upstream, `bench-obs-${i}`, 100);
  const clientApiKey = randomBytes(24).toString('base64url');
  // BENCH_OBS_PARTS=1 also measures metrics alone and metrics + logs, to see where the cost is
  const breakdown = process.env.BENCH_OBS_PARTS === '1';
  const ways = (breakdown ? ['off', 'metrics', 'metrics+logs', 'on'] : ['off', 'on']) as Array<'off' | 'metrics' | 'metrics+logs' | 'on'>;
  const parts = { off: undefined, metrics: { logs: false, traces: false }, 'metrics+logs': { logs: true, traces: false }, on: { logs: true, traces: true } };
  const gateways = new Map<(typeof ways)[number], BenchChild<{ url: string }>>();
  for (const way of ways) {
    // BENCH_CPU_PROF=1: each gateway writes a V8 CPU profile to bench/results/profiles/ when it stops
    const profile = process.env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${PROFILES_DIR}`, `--cpu-prof-name=observability-${way}-${Date.now()}.cpuprofile`] : [];
    gateways.set(way, await startChild('gateway-observed', { upstream, upstreamConnections: 64, clientApiKey, instrumentation: way !== 'off', parts: parts[way] }, ['--expose-gc', ...profile]));
  }
  const load = (way: (typeof ways)[number], connections: number, seconds: number, warmupS: number) => {
    const gateway = gateways.get(way)!;
    return runLoad({ url: gateway.info.url, headers: () => jsonHeaders(clientApiKey), body: QUERY, connections, durationS: seconds, warmupS }, { server: cpuCounter(gateway) });
  };
  try {
    for (const way of ways) await load(way, 10, quick ? 1 : 3, 0); // warm the JIT and graphql-jit's compiled query
    log(`bench:observability: ${rounds} rounds of ${round(durationS / rounds)} s per configuration, load average before ${loadBefore.map((l) => l.toFixed(1)).join(' ')}`);
    log('| connections | instrumentation | req/s | p50 ms | p99 ms | CPU ms/req | failures |');
    log('|---|---|---|---|---|---|---|');
    const summary: string[] = [];
    for (const connections of connectionLevels) {
      const runs = new Map(ways.map((way) => [way, [] as Array<LoadRun<'server'>>]));
      for (let r = 0; r < rounds; r++) {
        for (const way of r % 2 === 0 ? ways : [...ways].reverse()) runs.get(way)!.push(await load(way, connections, durationS / rounds, 1));
      }
      const results = Object.fromEntries(
        ways.map((way) => {
          const result = summarize(runs.get(way)!);
          return [way, { ...result, cpuMsPerRequest: result.increase.server / 1000 / result.requests }];
        }),
      ) as Record<(typeof ways)[number], ReturnType<typeof summarize> & { cpuMsPerRequest: number }>;
      for (const way of ways) {
        const r = results[way];
        log(`| ${connections} | ${way} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.cpuMsPerRequest.toFixed(3)} | ${r.failures} |`);
      }
      const { on, off } = results;
      for (const way of ways.filter((w) => w !== 'off' && w !== 'on')) {
        summary.push(`c=${connections}: ${way} CPU/req +${((results[way].cpuMsPerRequest - off.cpuMsPerRequest) * 1000).toFixed(0)} us, throughput ${ratio(results[way].requestsPerSecond, off.requestsPerSecond).toFixed(3)}`);
      }
      summary.push(
        `c=${connections}: throughput on/off ${ratio(on.requestsPerSecond, off.requestsPerSecond).toFixed(3)} ` +
          `(${((1 - on.requestsPerSecond / off.requestsPerSecond) * 100).toFixed(1)} % less), ` +
          `p50 ${(on.p50Ms - off.p50Ms >= 0 ? '+' : '')}${(on.p50Ms - off.p50Ms).toFixed(2)} ms, ` +
          `CPU/req ${ratio(on.cpuMsPerRequest, off.cpuMsPerRequest).toFixed(3)}x (+${((on.cpuMsPerRequest - off.cpuMsPerRequest) * 1000).toFixed(0)} us)`,
      );
    }
    for (const line of summary) log(line);
    log(`load average after ${loadavg().map((l) => l.toFixed(1)).join(' ')} (2 cores, shared)`);
  } finally {
    for (const gateway of gateways.values()) await gateway.stop();
    await faceApi.stop();
  }
}

main().catch((error) => {
  log(`bench:observability failed: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
