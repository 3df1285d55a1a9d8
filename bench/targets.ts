import type { BenchReport } from './report';
import type { DatabasesComparison, DatabasesRow } from './scenarios/databases';

/**
 * The targets, evaluated on one run: (a) through the 20 ms proxy at the highest concurrency measured
 * (50 by default), (b) upstream calls per search, (c) the upload's stall and memory. And the run's validity:
 * the bare hop must reach ≥ 0.9× direct REST there, or every contender measured a cap, not itself.
 */

export interface Target {
  name: string;
  value: string;
  /** undefined when the run did not measure it */
  met?: boolean;
}

export interface Validity {
  valid: boolean;
  text: string;
}

export const MIN_BARE_HOP_VS_DIRECT = 0.9;
/** the constant of the memory target: peak above idle ≤ 1.5 × the largest photo + 16 MB */
const MEMORY_CONSTANT_MB = 16;

function targetComparison(report: BenchReport): DatabasesComparison | undefined {
  const proxied = report.databases?.comparisons.filter((c) => c.link === 'proxy') ?? [];
  return proxied.sort((a, b) => b.connections - a.connections)[0];
}

export function validity(report: BenchReport): Validity | undefined {
  const comparison = targetComparison(report);
  if (!comparison) return undefined;
  const at = `through the proxy at ${comparison.connections} connections`;
  if (Number.isNaN(comparison.bareHopVsDirectThroughput)) {
    return { valid: false, text: 'UNCHECKED run: the bare hop did not run (BENCH_WAYS), so nothing shows the figures are not capped' };
  }
  const figure = `bare hop ${comparison.bareHopVsDirectThroughput.toFixed(2)}× direct REST ${at} (≥ ${MIN_BARE_HOP_VS_DIRECT} needed)`;
  return comparison.bareHopVsDirectThroughput >= MIN_BARE_HOP_VS_DIRECT
    ? { valid: true, text: `VALID run: ${figure}` }
    : { valid: false, text: `INVALID run: ${figure}; something other than the servers (the machine's load, the proxy, the load generator) caps every contender, so the figures below compare that cap` };
}

const fixed = (value: number | undefined, digits = 2) => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits));

function row(report: BenchReport, way: string): DatabasesRow | undefined {
  const comparison = targetComparison(report);
  return report.databases?.rows.find((r) => r.link === 'proxy' && r.way === way && r.connections === comparison?.connections);
}

export function evaluateTargets(report: BenchReport): Target[] {
  const c = targetComparison(report);
  const targets: Target[] = [];
  if (c) {
    const gateway = row(report, 'gateway');
    const apollo = row(report, 'Apollo standalone');
    targets.push(
      { name: `(a) gateway ≥ 0.95× Apollo standalone req/s (proxy, ${c.connections} conn)`, value: fixed(c.gatewayVsApolloThroughput), met: c.gatewayVsApolloThroughput === undefined ? undefined : c.gatewayVsApolloThroughput >= 0.95 },
      { name: '(a) gateway p50 ≤ Apollo standalone p50 + 1 ms', value: `${fixed(gateway?.p50Ms)} vs ${fixed(apollo?.p50Ms)} ms (${c.gatewayMinusApolloP50Ms! >= 0 ? '+' : ''}${fixed(c.gatewayMinusApolloP50Ms)})`, met: c.gatewayMinusApolloP50Ms === undefined ? undefined : c.gatewayMinusApolloP50Ms <= 1 },
      { name: '(a) gateway ≥ 0.85× direct REST req/s', value: fixed(c.gatewayVsDirectThroughput), met: c.gatewayVsDirectThroughput === undefined ? undefined : c.gatewayVsDirectThroughput >= 0.85 },
      { name: '(a) gateway with default pool settings ≥ 0.8× direct REST req/s', value: fixed(c.gatewayDefaultsVsDirectThroughput), met: c.gatewayDefaultsVsDirectThroughput === undefined ? undefined : c.gatewayDefaultsVsDirectThroughput >= 0.8 },
      { name: '(a) gateway CPU ms/request (vs Apollo standalone)', value: `${fixed(gateway?.cpuMsPerRequest, 3)} vs ${fixed(apollo?.cpuMsPerRequest, 3)}` },
    );
  }
  if (report.search && !report.search.skipped) {
    targets.push(
      { name: '(b) searchFaces, 10 matches in 3 databases: exactly 2 upstream calls', value: fixed(report.search.upstreamCallsPerRequest), met: report.search.upstreamCallsPerRequest === 2 },
      { name: '(b) gateway CPU ms/request for searchFaces', value: fixed(report.search.gatewayCpuMsPerRequest, 3) },
    );
  }
  const upload = report.upload;
  if (upload?.gateway) {
    const bound = 1.5 * upload.largestPhotoMB + MEMORY_CONSTANT_MB;
    targets.push(
      { name: '(c) upload: longest event-loop stall < 50 ms', value: `${fixed(upload.gateway.maxEventLoopDelayMs, 1)} ms`, met: upload.gateway.maxEventLoopDelayMs < 50 },
      { name: `(c) upload: peak memory ≤ 1.5 × largest photo + ${MEMORY_CONSTANT_MB} MB (${bound.toFixed(1)} MB)`, value: `${fixed(upload.gateway.peakAboveBaselineMB, 1)} MB`, met: upload.gateway.peakAboveBaselineMB <= bound },
    );
  }
  return targets;
}
