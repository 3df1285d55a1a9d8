import type { BenchOptions } from './lib/options';
import { formatTable, type Cell } from './lib/table';
import type { DatabasesReport } from './scenarios/databases';
import type { SearchReport } from './scenarios/search';
import type { UploadReport } from './scenarios/upload';
import { evaluateTargets, validity, type Target, type Validity } from './targets';

/** The whole run as written to bench/results/<timestamp>.json, and its printed tables. */

export interface BenchReport {
  startedAt: string;
  seconds?: number;
  machine: { cpus: number; cpuModel: string; node: string; commit: string };
  options: BenchOptions;
  /** 1/5/15-minute load averages: other processes on the machine skew the figures */
  loadBefore: number[];
  loadAfter?: number[];
  databases?: DatabasesReport;
  search?: SearchReport;
  upload?: UploadReport;
  /** scenarios that could not run, with the reason */
  failures: string[];
  validity?: Validity;
  targets?: Target[];
}

const pairs = (title: string, entries: Array<[string, Cell]>) =>
  formatTable(title, ['figure', 'value'], entries.map(([name, value]) => [name, value]));

function databasesTables(report: DatabasesReport): string[] {
  const rows = report.rows.map((row): Cell[] => [
    row.link,
    row.way,
    row.connections,
    row.requestsPerSecond,
    row.p50Ms,
    row.p99Ms,
    row.cpuMsPerRequest,
    row.upstreamCpuMsPerRequest,
    row.proxyCpuMsPerRequest,
    row.loadGeneratorCpuMsPerRequest,
    row.failures,
  ]);
  const comparisons = report.comparisons.map((c): Cell[] => [
    c.link,
    c.connections,
    c.bareHopVsDirectThroughput,
    c.gatewayVsApolloThroughput,
    c.gatewayMinusApolloP50Ms,
    c.gatewayVsApolloCpu,
    c.gatewayVsDirectThroughput,
    c.gatewayDefaultsVsDirectThroughput,
    c.apolloVsDirectThroughput,
    c.apolloExpressVsStandaloneThroughput,
  ]);
  return [
    formatTable(
      `(a) query { databases { id name } } (${report.databases} databases; link "proxy" adds 20 ms per upstream call)`,
      ['link', 'way', 'conn', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', 'upstream CPU ms/req', 'proxy CPU ms/req', 'load gen CPU ms/req', 'failed'],
      rows,
    ),
    formatTable(
      '(a) ratios (same run)',
      ['link', 'conn', 'bare hop/direct', 'gw/Apollo req/s', 'gw-Apollo p50 ms', 'gw/Apollo CPU', 'gw/direct', 'gw defaults/direct', 'Apollo/direct', 'Apollo express/standalone'],
      comparisons,
    ),
    ...report.skipped.map((reason) => `(a) skipped ${reason}`),
  ];
}

function searchTable(report: SearchReport): string {
  return pairs(`(b) searchFaces, ${report.enrolledFeatures} matches over ${report.databases} databases (${report.requests} requests, ${report.connections} connections)`, [
    ['matches per answer', report.matchesPerAnswer],
    ['upstream calls per request (expected 2)', report.upstreamCallsPerRequest],
    ...Object.entries(report.upstreamCalls).map(([kind, count]): [string, Cell] => [`  ${kind}`, count]),
    ['gateway CPU ms/request', report.gatewayCpuMsPerRequest],
    ['gateway p50 / p99 ms', `${report.gateway.p50Ms.toFixed(1)} / ${report.gateway.p99Ms.toFixed(1)}`],
    ['direct REST search p50 / p99 ms', `${report.directRest.p50Ms.toFixed(1)} / ${report.directRest.p99Ms.toFixed(1)}`],
    ['upstream CPU ms/search (direct)', report.directRest.upstreamCpuMsPerRequest],
    ['failed requests (gateway, direct)', `${report.gateway.failures}, ${report.directRest.failures}`],
    ...(report.skipped ? [['skipped', report.skipped] as [string, Cell]] : []),
  ]);
}

function uploadTable(report: UploadReport): string {
  const gateway = report.gateway;
  return pairs(`(c) addFeatures, ${report.photos} photos, ${report.totalMB.toFixed(1)} MB (largest ${report.largestPhotoMB.toFixed(2)} MB), ${report.rounds} round(s): mean times, worst memory and delays`, [
    ['direct REST wall ms (JSON body MB)', `${report.directRest.wallMs.toFixed(0)} (${report.directRest.bodyMB.toFixed(1)})`],
    ['direct REST images accepted', report.directRest.accepted],
    ['gateway wall ms', gateway?.wallMs],
    ['gateway / direct wall time', report.gatewayVsDirectWallTime],
    ['gateway images accepted', gateway?.accepted],
    ['gateway idle RSS MB', gateway?.baselineRssMB],
    ['gateway peak RSS above idle MB (target ≤ 1.5 × largest + constant)', gateway?.peakAboveBaselineMB],
    ['  ÷ largest photo', gateway?.peakAboveBaselineVsLargestPhoto],
    ['gateway max event-loop delay ms (target < 50)', gateway?.maxEventLoopDelayMs],
    ['gateway p99 event-loop delay ms', gateway?.p99EventLoopDelayMs],
    ['idle control process max / p99 loop delay ms (machine load)', gateway && `${gateway.idleControlMaxEventLoopDelayMs.toFixed(0)} / ${gateway.idleControlP99EventLoopDelayMs.toFixed(0)}`],
    ['gateway CPU ms for the upload', gateway?.cpuMs],
    ['  main-thread maxima MB: RSS / heap committed / heap used / Buffers / external', gateway && [gateway.maxima.rssMB, gateway.maxima.heapTotalMB, gateway.maxima.heapUsedMB, gateway.maxima.arrayBuffersMB, gateway.maxima.externalMB].map((mb) => mb.toFixed(1)).join(' / ')],
    ...(report.skipped ? [['skipped', report.skipped] as [string, Cell]] : []),
  ]);
}

function targetsTable(targets: Target[]): string {
  const verdict = (met: boolean | undefined) => (met === undefined ? 'reported' : met ? 'met' : 'NOT MET');
  return formatTable('targets (one run; ratios are what count on a loaded machine)', ['target', 'measured', 'verdict'], targets.map((t) => [t.name, t.value, verdict(t.met)]));
}

/** Adds the validity check and the targets to the report. */
export function judge(report: BenchReport): void {
  report.validity = validity(report);
  report.targets = evaluateTargets(report);
}

export function printReport(report: BenchReport): void {
  const { machine, loadBefore, loadAfter = [] } = report;
  const sections = [
    // before anything else: figures of a capped run compare the cap
    ...(report.validity ? [report.validity.text] : []),
    `bench ${report.startedAt} · commit ${machine.commit} · ${machine.cpus}× ${machine.cpuModel} · node ${machine.node}` +
      ` · load avg ${loadBefore[0].toFixed(2)} → ${loadAfter[0]?.toFixed(2)}` +
      ` · (a): ${report.options.durationS} s per figure in ${report.options.rounds} round(s), ${report.options.warmupS} s warm-up each` +
      `, upstream pool ${report.options.upstreamConnections} for every server, 20 ms added by the ${report.options.latency}`,
    ...(report.databases ? databasesTables(report.databases) : []),
    ...(report.search ? [searchTable(report.search)] : []),
    ...(report.upload ? [uploadTable(report.upload)] : []),
    ...(report.targets?.length ? [targetsTable(report.targets)] : []),
    ...(report.validity && !report.validity.valid ? [report.validity.text] : []),
    ...report.failures.map((failure) => `FAILED ${failure}`),
  ];
  process.stdout.write(`\n${sections.join('\n\n')}\n`);
}
