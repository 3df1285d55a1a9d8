import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerUnderTestOptions } from '../children/bare-hop';
import type { BenchContext } from './context';
import { startChild, type BenchChild } from './ipc';
import type { Upstream } from './rest';

/** The GraphQL-shaped servers compared in the bench, each started in its own child process. */

export type ServerKind = 'bare hop' | 'Apollo standalone' | 'Apollo express' | 'gateway' | 'gateway defaults';

const SCRIPTS: Record<ServerKind, string> = {
  'bare hop': 'bare-hop',
  'Apollo standalone': 'apollo-standalone',
  'Apollo express': 'apollo-express',
  gateway: 'gateway',
  'gateway defaults': 'gateway',
};

export type ServerUnderTest = BenchChild<{ url: string }>;

/** The gateway is built by another part of the project; the bench runs without it until it exists. */
export function gatewayAvailable(): boolean {
  return existsSync(join(__dirname, '..', '..', 'src', 'gateway', 'server.ts'));
}

/** With BENCH_CPU_PROF=1 every server writes a V8 CPU profile (open in Chrome DevTools) when it stops. */
export const PROFILES_DIR = join(__dirname, '..', 'results', 'profiles');

export function startServerUnderTest(
  kind: ServerKind,
  upstream: Upstream,
  { upstreamConnections, clientApiKey }: Pick<BenchContext, 'upstreamConnections' | 'clientApiKey'>,
): Promise<ServerUnderTest> {
  const options: ServerUnderTestOptions = { upstream, upstreamConnections, clientApiKey, defaults: kind === 'gateway defaults' };
  // --expose-gc: the memory probe collects garbage before taking its idle baseline
  const execArgv = ['--expose-gc'];
  if (process.env.BENCH_CPU_PROF === '1') execArgv.push('--cpu-prof', `--cpu-prof-dir=${PROFILES_DIR}`, `--cpu-prof-name=${kind.replace(' ', '-')}-${Date.now()}.cpuprofile`);
  return startChild(SCRIPTS[kind], options, execArgv);
}

/** Total CPU time (user + system) of a child in microseconds, as a counter for runLoad. */
export function cpuCounter(child: BenchChild<unknown>): () => Promise<number> {
  return async () => {
    const usage = await child.request<NodeJS.CpuUsage>('cpu');
    return usage.user + usage.system;
  };
}

/** The orchestrator's own CPU time (µs): autocannon runs in it, so this is the load generator's cost. */
export const ownCpuCounter = async (): Promise<number> => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};
