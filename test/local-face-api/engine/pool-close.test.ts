/**
 * Closing the engine while it works: a job already running in a worker finishes (terminating a worker in the
 * middle of an onnxruntime run aborts the whole process), a queued job fails with a clear error, and the
 * closed engine refuses new work.
 */
import { createFaceEngine } from '../../../src/local-face-api/engine';
import { portrait } from './fixtures';

test('close() lets the running job finish, fails the queued one, then refuses new jobs', async () => {
  const engine = await createFaceEngine({ workers: 1 });
  const image = await portrait();
  const running = engine.detect(image);
  const queued = engine.detect(image);
  const queuedOutcome = queued.then(
    () => 'resolved',
    (error: Error) => error.message,
  );
  await engine.close();
  const faces = await running;
  expect(faces).toHaveLength(1);
  expect(await queuedOutcome).toBe('face engine closed');
  await expect(engine.detect(image)).rejects.toThrow('face engine is closed');
});
