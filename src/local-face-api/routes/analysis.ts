import {
  CompareRequest,
  DetectRequest,
  QualityRequest,
  type CompareResponse,
  type DetectResponse,
  type QualityResponse,
} from '../../face-api-contract';
import { analyseImage } from '../images';
import { parseBody } from '../validation';
import type { Answer, Route } from './route';

/** E1 detect, E2 compare, E3 quality: image analysis that stores nothing. */

export const analysisRoutes: Route[] = [
  {
    method: 'POST',
    pattern: 'detect',
    async handle({ engine }, { body }): Promise<Answer<DetectResponse>> {
      const { images } = parseBody(DetectRequest, body);
      const outcomes = await Promise.all(
        images.map((image) => analyseImage(image, (bytes, rect) => engine.detect(bytes, rect))),
      );
      return {
        results: outcomes.map((outcome) => outcome.result),
        batches: outcomes.map((outcome) => ({ faces: outcome.ok ? outcome.value : [] })),
      };
    },
  },
  {
    method: 'POST',
    pattern: 'compare',
    async handle({ engine }, { body }): Promise<Answer<CompareResponse>> {
      const request = parseBody(CompareRequest, body);
      const [one, another] = await Promise.all(
        [request.one, request.another].map((image) => analyseImage(image, (bytes, rect) => engine.embedLargest(bytes, rect))),
      );
      const response: Answer<CompareResponse> = { results: [one.result, another.result] };
      if (one.ok && another.ok) {
        response.score = engine.similarity(one.value.embedding, another.value.embedding);
        response.one_face = one.value.face;
        response.another_face = another.value.face;
      }
      return response;
    },
  },
  {
    method: 'POST',
    pattern: 'quality',
    async handle({ engine }, { body }): Promise<Answer<QualityResponse>> {
      // The contract lists no rectangle for quality: a given one is validated but not used.
      const { image } = parseBody(QualityRequest, body);
      const outcome = await analyseImage(image, (bytes) => engine.quality(bytes));
      if (!outcome.ok) return { results: [outcome.result] };
      const { face, angle, quality, occlusion, rotationAngle } = outcome.value;
      return { results: [outcome.result], face, angle, quality, occlusion, rotation_angle: rotationAngle };
    },
  },
];
