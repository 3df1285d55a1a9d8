import type { BenchChild } from './ipc';
import type { BenchOptions } from './options';
import type { Upstream } from './rest';

/** What every scenario gets from the orchestrator: the running upstream, the latency proxy, the options. */
export interface BenchContext {
  options: BenchOptions;
  /** the local Face API, reached directly */
  upstream: Upstream;
  faceApi: BenchChild<{ url: string }>;
  /** the fault proxy in front of the local Face API (delay and call counting) */
  proxy: BenchChild<{ origin: string }>;
  /** the same upstream reached through the proxy */
  proxiedUpstream: Upstream;
  /** the TCP latency link in front of the local Face API: the 20 ms of scenario (a) (no HTTP parsing, cheap) */
  link: BenchChild<{ origin: string }>;
  /** the same upstream reached through the latency link */
  linkedUpstream: Upstream;
  /**
   * keep-alive connections per upstream pool, the same for every server under test (the gateway's in-flight
   * cap too): BENCH_UPSTREAM_CONNECTIONS, by default well above the most client connections, so no contender
   * is capped by its pool
   */
  upstreamConnections: number;
  /** the gateway's client API key (GATEWAY_API_KEYS): auth stays on, as in production with a real upstream */
  clientApiKey: string;
}
