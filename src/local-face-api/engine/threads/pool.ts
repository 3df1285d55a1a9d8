/**
 * A fixed pool of analysis workers; each takes one job at a time, the rest wait in a FIFO queue. A worker that
 * dies fails its job and is replaced, so the pool keeps its size.
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
  /** started workers, ready or still loading their models */
  private readonly workers: Worker[] = [];
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

  /** replacements of crashed workers still loading their models */
  private readonly starting = new Set<Promise<void>>();

  private constructor() {}

  /** The workers that are running, ready or loading (for diagnostics: thread ids, heap statistics). */
  get threads(): readonly Worker[] {
    return this.workers;
  }

  /** Resolves when every worker has loaded its models. */
  static async start(size: number): Promise<WorkerPool> {
    const pool = new WorkerPool();
    try {
      await Promise.all(Array.from({ length: size }, () => pool.startOne()));
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
    if (this.busy.size > 0 || this.starting.size > 0) {
      // a replacement still loading its models is not terminated mid-load either
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([this.busy.size > 0 ? new Promise<void>((resolve) => (this.whenIdle = resolve)) : undefined, Promise.allSettled(this.starting)]),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(timer);
    }
    for (const pending of this.busy.values()) pending.reject(new Error('face engine closed'));
    this.busy.clear();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** Starts a worker; resolves when it has loaded its models and takes jobs. */
  private startOne(): Promise<void> {
    const worker = startWorker();
    this.workers.push(worker);
    return new Promise<void>((resolve, reject) => {
      const failed = (error: Error) => {
        worker.off('exit', exited);
        this.forget(worker);
        void worker.terminate(); // after 'fatal' it is still running
        reject(error);
      };
      const exited = (code: number) => failed(new Error(`face engine worker exited with code ${code} while starting`));
      const onMessage = (reply: Reply) => {
        if (reply.kind === 'ready') {
          worker.off('error', failed);
          worker.off('exit', exited);
          worker.on('message', (r: Reply) => this.settle(worker, r));
          worker.on('error', (e) => this.crashed(worker, e));
          worker.on('exit', (code) => this.crashed(worker, new Error(`worker exited with code ${code}`)));
          this.idle.push(worker);
          this.dispatch();
          resolve();
        } else if (reply.kind === 'fatal') {
          failed(new Error(`face engine worker failed to start: ${reply.message}`));
        }
      };
      worker.once('message', onMessage);
      worker.once('error', failed);
      worker.once('exit', exited);
    });
  }

  private forget(worker: Worker): void {
    const at = this.workers.indexOf(worker);
    if (at >= 0) this.workers.splice(at, 1);
    const idleAt = this.idle.indexOf(worker);
    if (idleAt >= 0) this.idle.splice(idleAt, 1);
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

  /** A worker that dies fails its job and is replaced; the others keep serving meanwhile. */
  private crashed(worker: Worker, error: Error): void {
    if (!this.workers.includes(worker)) return; // already handled ('error' is followed by 'exit')
    if (this.closed) {
      // terminated by close(), or died while close() waits for it
      this.busy.get(worker)?.reject(new Error(`face engine worker crashed: ${error.message}`));
      this.busy.delete(worker);
      if (this.busy.size === 0) this.whenIdle?.();
      return;
    }
    this.forget(worker);
    const pending = this.busy.get(worker);
    this.busy.delete(worker);
    if (this.busy.size === 0) this.whenIdle?.();
    pending?.reject(new Error(`face engine worker crashed: ${error.message}`));
    const replacement = this.startOne().catch(() => {
      // a replacement that cannot load its models is not retried (it would fail the same way)
      if (this.workers.length === 0) {
        this.closed = true;
        for (const p of this.queue.splice(0)) p.reject(new Error('face engine has no workers left'));
      }
    });
    this.starting.add(replacement);
    void replacement.finally(() => this.starting.delete(replacement));
  }
}
