import type { CompareResponse, DetectResponse, QualityResponse } from '../../face-api-contract';
import { analyseImage } from '../images';
import { expectBatch, expectObject, parseImage } from '../validation';
import type { Route } from './route';

/** E1 detect, E2 compare, E3 quality: image analysis that stores nothing. */

export const analysisRoutes: Route[] = [
  {
    method: 'POST',
    pattern: 'detect',
    async handle({ engine }, { body }): Promise<Omit<DetectResponse, 'trace_id'>> {
      const images = expectBatch(expectObject(body, 'body').images, 'images').map((image, i) =>
        parseImage(image, `images[${i}]`),
      );
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
    async handle({ engine }, { body }): Promise<Omit<CompareResponse, 'trace_id'>> {
      const input = expectObject(body, 'body');
      const images = [parseImage(input.one, 'one'), parseImage(input.another, 'another')];
      const [one, another] = await Promise.all(
        images.map((image) => analyseImage(image, (bytes, rect) => engine.embedLargest(bytes, rect))),
      );
      const response: Omit<CompareResponse, 'trace_id'> = { results: [one.result, another.result] };
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
    async handle({ engine }, { body }): Promise<Omit<QualityResponse, 'trace_id'>> {
      // The contract lists no rectangle for quality: a given one is validated but not used.
      const image = parseImage(expectObject(body, 'body').image, 'image');
      const outcome = await analyseImage(image, (bytes) => engine.quality(bytes));
      if (!outcome.ok) return { results: [outcome.result] };
      const { face, angle, quality, occlusion, rotationAngle } = outcome.value;
      return { results: [outcome.result], face, angle, quality, occlusion, rotation_angle: rotationAngle };
    },
  },
];
