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
  /**
   * The highest value of each part of process.memoryUsage() the main thread saw (every 10 ms when its loop is
   * free), above its value at the start: V8's heap (committed, used), Buffers (ArrayBuffers), all external memory.
   * RSS beyond heapTotal + external is native memory (malloc: sockets, zlib, threads).
   */
  maxima: { rssBytes: number; heapTotalBytes: number; heapUsedBytes: number; arrayBuffersBytes: number; externalBytes: number };
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

/**
 * Main-thread samples of process.memoryUsage() every 10 ms (when the loop is free); the stop function gives the
 * highest value of each part, above the first sample.
 */
function sampleBreakdown(): () => WatchReport['maxima'] {
  const first = process.memoryUsage();
  const max = { ...first };
  const timer = setInterval(() => {
    const now = process.memoryUsage();
    for (const key of Object.keys(max) as Array<keyof NodeJS.MemoryUsage>) max[key] = Math.max(max[key], now[key]);
  }, 10);
  return () => {
    clearInterval(timer);
    return {
      rssBytes: max.rss - first.rss,
      heapTotalBytes: max.heapTotal - first.heapTotal,
      heapUsedBytes: max.heapUsed - first.heapUsed,
      arrayBuffersBytes: max.arrayBuffers - first.arrayBuffers,
      externalBytes: max.external - first.external,
    };
  };
}

export function probeHandlers(): Record<string, (payload: unknown) => unknown> {
  let watch:
    | { baseline: number; stopSampler: () => Promise<number>; loop: ReturnType<typeof monitorEventLoopDelay>; stopBreakdown: () => WatchReport['maxima'] }
    | undefined;
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
      watch = { baseline: process.memoryUsage.rss(), stopSampler, loop, stopBreakdown: sampleBreakdown() };
      return watch.baseline;
    },
    'watch:stop': async (): Promise<WatchReport> => {
      if (!watch) throw new Error('not watching');
      const { baseline, stopSampler, loop, stopBreakdown } = watch;
      watch = undefined;
      loop.disable();
      return {
        baselineRssBytes: baseline,
        peakRssBytes: await stopSampler(),
        maxima: stopBreakdown(),
        maxEventLoopDelayMs: loop.max / 1e6,
        p99EventLoopDelayMs: loop.percentile(99) / 1e6,
      };
    },
  };
}
