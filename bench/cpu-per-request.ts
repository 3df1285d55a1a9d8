import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from './lib/fixtures';
import { jsonHeaders } from '../tools/graphql-client';
import { startChild } from './lib/ipc';
import { runLoad, type Counter } from './lib/load';
import { cpuCounter, startServerUnderTest, type ServerKind } from './lib/servers';
import { median } from '../tools/stats';

/**
 * CPU ms per request of the servers under test at a fixed number of requests, straight to the local Face API:
 * the figure that stays meaningful on a loaded machine (throughput does not). Medians over rounds in
 * alternating order. `BENCH_WAYS` (default "Apollo standalone,gateway"), `BENCH_REQUESTS` (default 4000),
 * `BENCH_ROUNDS` (default 5), `BENCH_WARMUP_REQUESTS` (default 5 × BENCH_REQUESTS), `BENCH_CONNECTIONS` (default 10), `BENCH_BASE_DIR` (another checkout whose gateway
 * is measured beside this one).
 */

async function main(): Promise<void> {
  const kinds = (process.env.BENCH_WAYS ?? 'Apollo standalone,gateway').split(',').map((k) => k.trim()) as ServerKind[];
  const amount = Number(process.env.BENCH_REQUESTS ?? 4000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
  const dataDir = mkdtempSync(join(tmpdir(), 'face-bench-'));
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const credentials = { appId: randomUUID(), accessKey: randomUUID(), secretKey: randomBytes(24).toString('base64url') };
  const faceApi = await startChild<{ url: string }>('face-api', { dataDir, ...credentials });
  const upstream = { url: faceApi.info.url, ...credentials };
  for (let i = 1; i <= 5; i++) await createDatabase(upstream, `bench-list-${i}`, 100);
  const clientApiKey = randomBytes(24).toString('base64url');
  const servers = [];
  for (const kind of kinds) servers.push(await startServerUnderTest(kind, upstream, { upstreamConnections: 256, clientApiKey }));
  // BENCH_BASE_DIR: the gateway of another checkout (e.g. `git archive main | tar -x -C /tmp/base`), measured in the same rounds
  const base = process.env.BENCH_BASE_DIR;
  if (base) {
    const options = { upstream, upstreamConnections: 256, clientApiKey };
    servers.push(await startChild<{ url: string }>(join(base, 'bench', 'children', 'gateway.ts'), options, ['--expose-gc']));
    kinds.push('gateway (base)' as ServerKind);
  }
  const figures = new Map<ServerKind, number[]>(kinds.map((k) => [k, []]));
  const load = (url: string, n: number, counters: Record<string, Counter> = {}) =>
    runLoad({ url, headers: () => jsonHeaders(clientApiKey), body: JSON.stringify({ query: '{ databases { id name } }' }), connections, durationS: 0, warmupS: 0, amount: n }, counters);
  try {
    // a fresh process keeps getting cheaper for many thousand requests (JIT): warm every server up first
    const warmUp = Number(process.env.BENCH_WARMUP_REQUESTS ?? 5 * amount);
    for (const server of servers) await load(server.info.url, warmUp);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? servers.map((s, i) => i) : servers.map((s, i) => servers.length - 1 - i);
      for (const i of order) {
        const run = await load(servers[i].info.url, amount, { cpu: cpuCounter(servers[i]) });
        if (run.failures > 0) throw new Error(`${kinds[i]}: ${run.failures} failed requests`);
        figures.get(kinds[i])!.push(run.increase.cpu / 1000 / run.latencies.length);
      }
    }
    for (const kind of kinds) {
      const values = figures.get(kind)!;
      console.log(`${kind.padEnd(18)} CPU ms/req median ${median(values).toFixed(3)}  (${values.map((v) => v.toFixed(3)).join(' ')})`);
    }
  } finally {
    for (const server of servers) await server.stop();
    await faceApi.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
