import { createServer } from 'node:http';
import { probeHandlers, type WatchReport } from './children/probe';
import { listenOnLoopback } from './children/listen';
import { runLoad, summarize } from './lib/load';
import { MB } from './lib/stats';

/**
 * `npm run bench:selfcheck`: proves that the bench's instruments can see what they report, on known inputs:
 * the memory probe sees a 100 MB allocation and not the garbage of earlier work, the event-loop monitor a 120 ms stall, and the load runner's
 * latencies a server that answers after 20 ms (with sub-millisecond resolution). Exits 1 when one fails.
 */

const failures: string[] = [];
function confirm(what: string, ok: boolean, detail: string): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}: ${detail}`);
  if (!ok) failures.push(what);
}
function expect(what: string, value: number, min: number, max: number, unit: string): void {
  confirm(what, value >= min && value <= max, `${value.toFixed(2)} ${unit} (expected ${min}–${max} ${unit})`);
}

async function checkProbe(): Promise<void> {
  const probe = probeHandlers();
  await probe['watch:start'](undefined);
  const held = Buffer.alloc(100 * MB, 1);
  const until = Date.now() + 120;
  while (Date.now() < until) {
    // a deliberate 120 ms stall of the event loop
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  const report = (await probe['watch:stop'](undefined)) as WatchReport;
  expect('RSS peak above baseline after a 100 MB allocation', (report.peakRssBytes - report.baselineRssBytes) / MB, 95, 400, 'MB');
  expect('max event-loop delay with a 120 ms stall', report.maxEventLoopDelayMs, 110, 2000, 'ms');
  held.fill(0);
}

/** Garbage left by earlier work is collected before the baseline: it must not show up as the next peak. */
async function checkBaseline(): Promise<void> {
  const probe = probeHandlers();
  // ≈ 120 MB of dead strings in V8's heap (no Buffers: external memory would make V8 collect it at once)
  let garbage: string[] | undefined = Array.from({ length: 1_000_000 }, (_, i) => String(i).padStart(100, '-'));
  garbage = undefined;
  await probe['watch:start'](garbage);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const report = (await probe['watch:stop'](undefined)) as WatchReport;
  expect('RSS peak above baseline with 120 MB of garbage from before the watch', (report.peakRssBytes - report.baselineRssBytes) / MB, 0, 10, 'MB');
}

async function checkLatency(): Promise<void> {
  const server = createServer((_req, res) => setTimeout(() => res.end('{}'), 20));
  const listening = await listenOnLoopback(server);
  try {
    const run = summarize([await runLoad({ url: listening.url, method: 'GET', headers: () => ({}), connections: 2, durationS: 2, warmupS: 0.5 })]);
    expect('p50 of a server answering after 20 ms', run.p50Ms, 20, 30, 'ms');
    confirm('latencies are exact, not whole milliseconds', !Number.isInteger(run.p50Ms), `p50 = ${run.p50Ms}`);
    confirm('no failed requests', run.failures === 0, `${run.failures} failed`);
  } finally {
    await listening.close();
  }
}

(async () => {
  await checkProbe();
  await checkBaseline();
  await checkLatency();
  if (failures.length > 0) {
    console.error(`bench selfcheck: ${failures.length} check(s) failed`);
    process.exit(1);
  }
  console.log('bench selfcheck: the instruments see what they report');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
