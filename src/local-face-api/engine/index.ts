/** The local Face API's face engine: analysis runs in a pool of worker threads, off the event loop. */
import * as os from 'os';
import { MODELS } from './models/catalog';
import { calibrate, cosine } from './analysis/scoring';
import { WorkerPool } from './threads/pool';
import type { DetectedFace, EmbeddedFace, FaceEngine, QualityReport, Rectangle } from './types';

export * from './types';
export { calibrate, cosine, type CalibrationFile } from './analysis/scoring';

export const EMBEDDING_SIZE = 512;

export async function createFaceEngine(options: { workers?: number } = {}): Promise<FaceEngine> {
  const workers = Math.max(1, options.workers ?? os.availableParallelism());
  const pool = await WorkerPool.start(workers);
  return {
    detect: (image: Buffer, rectangle?: Rectangle) => pool.run<DetectedFace[]>('detect', image, rectangle),
    embedLargest: (image: Buffer, rectangle?: Rectangle) => pool.run<EmbeddedFace>('embedLargest', image, rectangle),
    quality: (image: Buffer) => pool.run<QualityReport>('quality', image),
    similarity: (a: Float32Array, b: Float32Array) => calibrate(cosine(a, b)),
    calibrate,
    embeddingSize: EMBEDDING_SIZE,
    models: { ...MODELS },
    monitor: {
      queueLength: () => pool.queueLength,
      busyWorkers: () => pool.busyWorkers,
      workers,
      onJob: (listener) => (pool.onJob = listener),
    },
    close: () => pool.close(),
  };
}
