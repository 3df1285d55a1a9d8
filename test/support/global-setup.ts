/** Converts face-api's landmark net to ONNX once before the suites (as `npm run build` does), not in every engine worker. */
import { ensureLandmarkModel } from '../../src/local-face-api/engine/models/landmark-model';

export default async function globalSetup(): Promise<void> {
  await ensureLandmarkModel();
}
