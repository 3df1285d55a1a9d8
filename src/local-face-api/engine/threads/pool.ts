/**
 * A fixed pool of analysis workers; each takes one job at a time, the rest wait in a FIFO queue.
 * From TypeScript sources (jest, ts-node) a worker first registers ts-node; from dist it loads worker.js.
 */
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Job, Method, Reply } from './protocol';
import { ImageError, type Rectangle } from '../types';

interface Pending {
  job: Job;
  resolve(value: unknown): void;
  reject(error: Error): void;
  queuedAt: number;
  startedAt?: number;
}

/** One finished job's times, for metrics: waiting in the queue, then analysis in a worker. */
export type JobListener = (method: Method, waitMs: number, runMs: number) => void;

/** How long close() lets running jobs finish; one job takes well under a second. */
const CLOSE_GRACE_MS = 10_000;

function startWorker(): Worker {
  const entry = path.join(__dirname, 'worker');
  if (__filename.endsWith('.ts')) {
    const code = `require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(entry + '.ts')});`;
    return new Worker(code, { eval: true });
  }
  return new Worker(entry + '.js');
}

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  /** close() waiting for the running jobs to end */
  private whenIdle?: () => void;
  onJob?: JobListener;

  /** jobs waiting for a free worker */
  get queueLength(): number {
    return this.queue.length;
  }

  get busyWorkers(): number {
    return this.busy.size;
  }

  private constructor(private readonly workers: Worker[]) {}

  /** Resolves when every worker has loaded its models. */
  static async start(size: number): Promise<WorkerPool> {
    const workers = Array.from({ length: size }, startWorker);
    const pool = new WorkerPool(workers);
    try {
      await Promise.all(workers.map((w) => pool.whenReady(w)));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  run<T>(method: Method, image: Buffer, rectangle?: Rectangle): Promise<T> {
    if (this.closed) return Promise.reject(new Error('face engine is closed'));
    return new Promise<T>((resolve, reject) => {
      // copy: the caller keeps its buffer, the worker gets its own bytes without a shared-pool surprise
      const job: Job = { id: this.nextId++, method, image: new Uint8Array(image), rectangle };
      this.queue.push({ job, resolve: resolve as (v: unknown) => void, reject, queuedAt: performance.now() });
      this.dispatch();
    });
  }

  /**
   * Refuses new jobs, fails the queued ones, lets the running ones finish (at most graceMs), then stops the
   * workers. A worker terminated in the middle of an onnxruntime run aborts the whole process
   * ("terminate called after throwing an instance of 'Napi::Error'"), so running jobs are not cut short.
   */
  async close(graceMs = CLOSE_GRACE_MS): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('face engine closed'));
    if (this.busy.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => (this.whenIdle = resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(timer);
    }
    for (const pending of this.busy.values()) pending.reject(new Error('face engine closed'));
    this.busy.clear();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private whenReady(worker: Worker): Promise<void> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: Reply) => {
        if (reply.kind === 'ready') {
          worker.off('error', reject);
          worker.on('message', (r: Reply) => this.settle(worker, r));
          worker.on('error', (e) => this.crashed(worker, e));
          worker.on('exit', (code) => this.crashed(worker, new Error(`worker exited with code ${code}`)));
          this.idle.push(worker);
          this.dispatch();
          resolve();
        } else if (reply.kind === 'fatal') {
          reject(new Error(`face engine worker failed to start: ${reply.message}`));
        }
      };
      worker.once('message', onMessage);
      worker.once('error', reject);
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const pending = this.queue.shift()!;
      this.busy.set(worker, pending);
      pending.startedAt = performance.now();
      worker.postMessage(pending.job, [pending.job.image.buffer as ArrayBuffer]);
    }
  }

  private settle(worker: Worker, reply: Reply): void {
    const pending = this.busy.get(worker);
    if (!pending || (reply.kind !== 'done' && reply.kind !== 'failed')) return;
    this.busy.delete(worker);
    this.idle.push(worker);
    if (this.busy.size === 0) this.whenIdle?.();
    const startedAt = pending.startedAt ?? pending.queuedAt;
    this.onJob?.(pending.job.method, startedAt - pending.queuedAt, performance.now() - startedAt);
    if (reply.kind === 'done') pending.resolve(reply.value);
    else pending.reject(reply.failure ? new ImageError(reply.failure, reply.message) : new Error(reply.message));
    this.dispatch();
  }

  /** A worker that dies fails its job; the pool keeps serving with the others. */
  private crashed(worker: Worker, error: Error): void {
    const at = this.workers.indexOf(worker);
    if (at < 0) return; // already handled ('error' is followed by 'exit')
    if (this.closed) {
      // terminated by close(), or died while close() waits for it
      this.busy.get(worker)?.reject(new Error(`face engine worker crashed: ${error.message}`));
      this.busy.delete(worker);
      if (this.busy.size === 0) this.whenIdle?.();
      return;
    }
    this.workers.splice(at, 1);
    const idleAt = this.idle.indexOf(worker);
    if (idleAt >= 0) this.idle.splice(idleAt, 1);
    const pending = this.busy.get(worker);
    this.busy.delete(worker);
    pending?.reject(new Error(`face engine worker crashed: ${error.message}`));
    if (this.workers.length === 0) {
      this.closed = true;
      for (const p of this.queue.splice(0)) p.reject(new Error('face engine has no workers left'));
    }
  }
}
