/** An onnxruntime-node session on one model file, single-threaded: one worker per core does the parallelism. */
import * as ort from 'onnxruntime-node';

export function openSession(file: string): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(file, { intraOpNumThreads: 1, interOpNumThreads: 1, logSeverityLevel: 3 });
}
