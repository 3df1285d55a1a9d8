/** Worker thread entry: loads the models once, then analyses one image at a time. */
import { parentPort } from 'worker_threads';
import { FaceAnalyser } from '../analysis/analyser';
import type { Job, Reply } from './protocol';
import { ImageError } from '../types';

const port = parentPort;
if (!port) throw new Error('engine/worker must run in a worker thread');
const send = (reply: Reply) => port.postMessage(reply);

FaceAnalyser.load().then(
  (analyser) => {
    port.on('message', async (job: Job) => {
      const image = Buffer.from(job.image.buffer, job.image.byteOffset, job.image.byteLength);
      try {
        const value = await analyser[job.method](image, job.rectangle);
        send({ kind: 'done', id: job.id, value });
      } catch (error) {
        const failure = error instanceof ImageError ? error.failure : undefined;
        send({ kind: 'failed', id: job.id, failure, message: error instanceof Error ? error.message : String(error) });
      }
    });
    send({ kind: 'ready' });
  },
  (error: unknown) => send({ kind: 'fatal', message: error instanceof Error ? error.stack ?? error.message : String(error) }),
);
