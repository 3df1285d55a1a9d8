/** The TFJS → ONNX conversion: onnxruntime must give the same 68 landmarks as face-api's own TensorFlow.js forward pass. */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { landmarkModelIsCurrent } from '../../../src/local-face-api/engine/models/landmark-model';
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

it('is converted once ahead of time: loading the engine reads the ONNX file and never loads TensorFlow.js', () => {
  expect(landmarkModelIsCurrent()).toBe(true); // converted by the global setup, as by `npm run build`
  const root = path.resolve(__dirname, '../../..');
  const script =
    "require('./src/local-face-api/engine/analysis/analyser').FaceAnalyser.load().then(() => " +
    "console.log(JSON.stringify(Object.keys(require.cache).filter((m) => /@tensorflow|face-api[\\\\/]dist/.test(m)))))";
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual([]);
}, 150_000);
