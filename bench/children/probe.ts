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

// 'reset' starts the peak afresh (at the baseline), 'stop' ends sampling; each answers with an RSS figure
const SAMPLER = `
const { parentPort } = require('node:worker_threads');
let peak = 0;
const sample = () => { const rss = process.memoryUsage.rss(); if (rss > peak) peak = rss; };
const timer = setInterval(sample, 10);
parentPort.postMessage('started');
parentPort.on('message', (command) => {
  if (command === 'reset') peak = 0;
  sample();
  if (command === 'stop') clearInterval(timer);
  parentPort.postMessage(peak);
});
`;

interface RssSampler {
  /** forgets the peak so far and answers the RSS now: the baseline */
  reset(): Promise<number>;
  /** stops sampling and answers the peak since the reset */
  stop(): Promise<number>;
}

async function startRssSampler(): Promise<RssSampler> {
  const worker = new Worker(SAMPLER, { eval: true });
  await new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', resolve);
  });
  const ask = (command: 'reset' | 'stop') =>
    new Promise<number>((done) => {
      worker.once('message', done);
      worker.postMessage(command);
    });
  return {
    reset: () => ask('reset'),
    stop: async () => {
      const peak = await ask('stop');
      void worker.terminate();
      return peak;
    },
  };
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
    | { baseline: number; sampler: RssSampler; loop: ReturnType<typeof monitorEventLoopDelay>; stopBreakdown: () => WatchReport['maxima'] }
    | undefined;
  return {
    cpu: () => process.cpuUsage(),
    'watch:start': async () => {
      if (watch) throw new Error('already watching');
      // the worker is started first: its own memory is part of the baseline, not of the peak
      const sampler = await startRssSampler();
      // --expose-gc is passed by the orchestrator: an idle baseline means no garbage from earlier runs
      (globalThis as { gc?: () => void }).gc?.();
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      // the monitor's first tick only arms it: a stall before that tick would go unrecorded
      await new Promise((resolve) => setTimeout(resolve, 25));
      // the peak counts from here: a sample taken before the collection (garbage of earlier work, up to 65 MB
      // measured) would be reported as the upload's peak
      watch = { baseline: await sampler.reset(), sampler, loop, stopBreakdown: sampleBreakdown() };
      return watch.baseline;
    },
    'watch:stop': async (): Promise<WatchReport> => {
      if (!watch) throw new Error('not watching');
      const { baseline, sampler, loop, stopBreakdown } = watch;
      watch = undefined;
      loop.disable();
      return {
        baselineRssBytes: baseline,
        peakRssBytes: await sampler.stop(),
        maxima: stopBreakdown(),
        maxEventLoopDelayMs: loop.max / 1e6,
        p99EventLoopDelayMs: loop.percentile(99) / 1e6,
      };
    },
  };
}
