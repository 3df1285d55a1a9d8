/**
 * The TFJS → ONNX conversions: onnxruntime must give the same descriptors (dlib's ResNet, batched, with a
 * mirrored chip and another person) and the same 68 landmarks as face-api's own TensorFlow.js forward passes.
 */
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { ResnetCheck } from './onnx-check';

function runCheck(): Promise<ResnetCheck> {
  const entry = path.join(__dirname, 'onnx-check.ts');
  const worker = new Worker(`require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(entry)});`, { eval: true });
  return new Promise<ResnetCheck>((resolve, reject) => {
    worker.once('message', (m: { result?: ResnetCheck; error?: string }) => (m.result ? resolve(m.result) : reject(new Error(m.error))));
    worker.once('error', reject);
  }).finally(() => worker.terminate());
}

it('gives the same descriptors and landmarks as face-api on TensorFlow.js', async () => {
  const check = await runCheck();
  expect(check.landmarkError).toBeLessThan(0.01);
  expect(check.dims).toEqual([3, 128]);
  for (const agreement of check.agreement) expect(agreement).toBeGreaterThan(0.99999);
  expect(check.differentPeople).toBeLessThan(check.samePerson);
});
