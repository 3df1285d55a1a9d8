import {
  MAX_IMAGE_BYTES,
  MAX_IMAGES_PER_BATCH,
  MIN_FACE_PIXELS,
  type SystemInfoResponse,
} from '../../face-api-contract';
import { FEATURE_VERSION } from '../store';
import type { Answer, Route } from './route';

/** E10: what this server is (its path is the project's choice: the cloud's is unknown). */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../../package.json') as { version: string };

export const systemRoutes: Route[] = [
  {
    method: 'GET',
    pattern: 'system/info',
    handle({ engine }): Answer<SystemInfoResponse> {
      return {
        version,
        feature_version: FEATURE_VERSION,
        models: engine.models,
        limits: {
          max_images_per_batch: MAX_IMAGES_PER_BATCH,
          max_image_bytes: MAX_IMAGE_BYTES,
          min_face_pixels: MIN_FACE_PIXELS,
        },
      };
    },
  },
];
