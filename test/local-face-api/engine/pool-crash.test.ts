/**
 * A worker that dies is replaced: after one is terminated (as an out-of-memory kill would) and one crashes on a
 * message it cannot read, the pool is back to its full size and runs jobs on all of its workers again.
 * The workers are idle when they die: terminating one in the middle of an onnxruntime run aborts the process.
 */
import type { Worker } from 'worker_threads';
import type { DetectedFace } from '../../../src/local-face-api/engine';
import { WorkerPool } from '../../../src/local-face-api/engine/threads/pool';
import { portrait } from './fixtures';

const SIZE = 2;
let pool: WorkerPool;
let image: Buffer;

beforeAll(async () => {
  [pool, image] = await Promise.all([WorkerPool.start(SIZE), portrait()]);
});
afterAll(() => pool?.close());

/** the workers before each test's crash */
let before: readonly Worker[] = [];
beforeEach(() => {
  before = [...pool.threads];
});

const detect = () => pool.run<DetectedFace[]>('detect', image);

/** Kills one idle worker; resolves once its replacement has loaded its models. Meanwhile the others keep serving. */
async function crash(kill: (worker: Worker) => void): Promise<void> {
  const victim = pool.threads[0];
  // not events.once: it rejects on the 'error' a crashing worker emits first
  const exited = new Promise((resolve) => victim.once('exit', resolve));
  kill(victim);
  await exited;
  // the pool handled the exit before this listener ran: the replacement is starting
  expect(pool.threads.length).toBe(SIZE);
  expect(pool.threads.includes(victim)).toBe(false);
  const replacement = pool.threads.find((w) => !before.includes(w))!;
  const ready = new Promise<void>((resolve) => {
    const onMessage = (reply: { kind: string }) => {
      if (reply.kind !== 'ready') return;
      replacement.off('message', onMessage);
      resolve();
    };
    replacement.on('message', onMessage);
  });
  expect(await detect()).toHaveLength(1); // served by a surviving worker while the replacement loads
  await ready;
}

/** Every worker takes a job at once, and each finds the face. */
async function runsOnEveryWorker(): Promise<void> {
  const jobs = Array.from({ length: SIZE }, detect);
  expect(pool.busyWorkers).toBe(SIZE);
  for (const faces of await Promise.all(jobs)) expect(faces).toHaveLength(1);
}

test('a terminated worker is replaced and the pool runs at full size again', async () => {
  await runsOnEveryWorker();
  await crash((worker) => void worker.terminate());
  await runsOnEveryWorker();
});

test('a worker that crashes on a malformed message is replaced', async () => {
  await crash((worker) => worker.postMessage({ id: 0, method: 'detect', image: null }));
  await runsOnEveryWorker();
  await runsOnEveryWorker();
});
