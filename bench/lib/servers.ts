import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerUnderTestOptions } from '../children/bare-hop';
import { startChild, type BenchChild } from './ipc';
import type { Upstream } from './rest';

/** The GraphQL-shaped servers compared in the bench, each started in its own child process. */

export type ServerKind = 'bare hop' | 'minimal Apollo' | 'gateway';

const SCRIPTS: Record<ServerKind, string> = {
  'bare hop': 'bare-hop',
  'minimal Apollo': 'minimal-apollo',
  gateway: 'gateway',
};

export type ServerUnderTest = BenchChild<{ url: string }>;

/** The gateway is built by another part of the project; the bench runs without it until it exists. */
export function gatewayAvailable(): boolean {
  return existsSync(join(__dirname, '..', '..', 'src', 'gateway', 'server.ts'));
}

export function startServerUnderTest(kind: ServerKind, upstream: Upstream, upstreamConnections: number): Promise<ServerUnderTest> {
  const options: ServerUnderTestOptions = { upstream, upstreamConnections };
  // --expose-gc: the memory probe collects garbage before taking its idle baseline
  return startChild(SCRIPTS[kind], options, ['--expose-gc']);
}

/** Total CPU time (user + system) of a child in microseconds, as a counter for runLoad. */
export function cpuCounter(child: BenchChild<unknown>): () => Promise<number> {
  return async () => {
    const usage = await child.request<NodeJS.CpuUsage>('cpu');
    return usage.user + usage.system;
  };
}
