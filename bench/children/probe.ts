import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

/**
 * Measurement hooks for a process under test, answered over IPC:
 * - `cpu`: process.cpuUsage() (µs), diffed by the orchestrator around a load run;
 * - `watch:start` / `watch:stop`: peak RSS above an idle baseline, sampled every 10 ms from a worker thread
 *   (so a blocked event loop cannot hide a peak), and the max event-loop delay in between.
 */

export interface WatchReport {
  baselineRssBytes: number;
  peakRssBytes: number;
  maxEventLoopDelayMs: number;
  p99EventLoopDelayMs: number;
}

const SAMPLER = `
const { parentPort } = require('node:worker_threads');
let peak = 0;
const sample = () => { const rss = process.memoryUsage.rss(); if (rss > peak) peak = rss; };
const timer = setInterval(sample, 10);
parentPort.postMessage('started');
parentPort.on('message', () => { sample(); clearInterval(timer); parentPort.postMessage(peak); });
`;

function startRssSampler(): Promise<() => Promise<number>> {
  const worker = new Worker(SAMPLER, { eval: true });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', () =>
      resolve(
        () =>
          new Promise<number>((done) => {
            worker.once('message', (peak: number) => {
              void worker.terminate();
              done(peak);
            });
            worker.postMessage('stop');
          }),
      ),
    );
  });
}

export function probeHandlers(): Record<string, (payload: unknown) => unknown> {
  let watch: { baseline: number; stopSampler: () => Promise<number>; loop: ReturnType<typeof monitorEventLoopDelay> } | undefined;
  return {
    cpu: () => process.cpuUsage(),
    'watch:start': async () => {
      if (watch) throw new Error('already watching');
      const stopSampler = await startRssSampler();
      // --expose-gc is passed by the orchestrator: an idle baseline means no garbage from earlier runs
      (globalThis as { gc?: () => void }).gc?.();
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      // the monitor's first tick only arms it: a stall before that tick would go unrecorded
      await new Promise((resolve) => setTimeout(resolve, 25));
      watch = { baseline: process.memoryUsage.rss(), stopSampler, loop };
      return watch.baseline;
    },
    'watch:stop': async (): Promise<WatchReport> => {
      if (!watch) throw new Error('not watching');
      const { baseline, stopSampler, loop } = watch;
      watch = undefined;
      loop.disable();
      return {
        baselineRssBytes: baseline,
        peakRssBytes: await stopSampler(),
        maxEventLoopDelayMs: loop.max / 1e6,
        p99EventLoopDelayMs: loop.percentile(99) / 1e6,
      };
    },
  };
}
