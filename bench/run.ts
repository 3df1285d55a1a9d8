import { execSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext } from './lib/context';
import { startChild } from './lib/ipc';
import { parseOptions, UsageError, type Scenario } from './lib/options';
import { judge, printReport, type BenchReport } from './report';
import { runDatabasesScenario } from './scenarios/databases';
import { runSearchScenario } from './scenarios/search';
import { runUploadScenario } from './scenarios/upload';

/**
 * `npm run bench`: starts the local Face API and a latency proxy (each in a child process), runs the
 * scenarios (a) databases, (b) searchFaces, (c) addFeatures upload, prints tables and writes
 * bench/results/<timestamp>.json.
 */

const log = (line: string) => process.stderr.write(`${line}\n`);

function machine() {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, commit };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const started = new Date();
  const loadBefore = loadavg();
  const dataDir = mkdtempSync(join(tmpdir(), 'face-bench-'));
  // also when interrupted: the SQLite files of a run are of no use afterwards
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const credentials = { appId: randomUUID(), accessKey: randomUUID(), secretKey: randomBytes(24).toString('base64url') };
  log(`bench: starting the local Face API (data in ${dataDir})`);
  const faceApi = await startChild<{ url: string }>('face-api', { dataDir, ...credentials });
  const proxy = await startChild<{ origin: string }>('latency-proxy', { target: new URL(faceApi.info.url).origin });
  const link = await startChild<{ origin: string }>('latency-link', { target: new URL(faceApi.info.url).origin });
  const upstream = { url: faceApi.info.url, ...credentials };
  const through = (origin: string) => ({ ...upstream, url: `${origin}${new URL(faceApi.info.url).pathname}` });
  const clientApiKey = randomBytes(24).toString('base64url');
  const ctx: BenchContext = {
    options,
    upstream,
    faceApi,
    proxy,
    proxiedUpstream: through(proxy.info.origin),
    link,
    linkedUpstream: through(link.info.origin),
    upstreamConnections: options.upstreamConnections,
    clientApiKey,
  };
  const report: BenchReport = { startedAt: started.toISOString(), machine: machine(), options, loadBefore, failures: [] };
  // a failing scenario is reported and does not stop the others
  const attempt = async (scenario: Scenario, run: () => Promise<void>) => {
    if (!options.scenarios.includes(scenario)) return;
    try {
      await run();
    } catch (error) {
      report.failures.push(`(${scenario}) ${error instanceof Error ? error.message : String(error)}`);
      log(`bench: scenario (${scenario}) failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  };
  try {
    await attempt('a', async () => void (report.databases = await runDatabasesScenario(ctx, log)));
    await attempt('b', async () => void (report.search = await runSearchScenario(ctx, log)));
    await attempt('c', async () => void (report.upload = await runUploadScenario(ctx, log)));
  } finally {
    report.loadAfter = loadavg();
    report.seconds = (Date.now() - started.getTime()) / 1000;
    await link.stop();
    await proxy.stop();
    await faceApi.stop();
  }
  judge(report);
  printReport(report);
  const resultsDir = join(__dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`bench: done in ${report.seconds.toFixed(0)} s, results in ${file}`);
  if (report.failures.length > 0) process.exitCode = 1;
}

main().catch((error) => {
  if (error instanceof UsageError) {
    console.error(`bench: ${error.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
