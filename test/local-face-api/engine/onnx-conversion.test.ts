/** The TFJS → ONNX conversion: onnxruntime must give the same 68 landmarks as face-api's own TensorFlow.js forward pass. */
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { LandmarkCheck } from './onnx-check';

function runCheck(): Promise<LandmarkCheck> {
  const entry = path.join(__dirname, 'onnx-check.ts');
  const worker = new Worker(`require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(entry)});`, { eval: true });
  return new Promise<LandmarkCheck>((resolve, reject) => {
    worker.once('message', (m: { result?: LandmarkCheck; error?: string }) => (m.result ? resolve(m.result) : reject(new Error(m.error))));
    worker.once('error', reject);
  }).finally(() => worker.terminate());
}

it('gives the same landmarks as face-api on TensorFlow.js', async () => {
  const check = await runCheck();
  expect(check.landmarkError).toBeLessThan(0.01);
});
