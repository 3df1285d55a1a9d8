/** The quality check of a probe photo, with an acceptance verdict computed by the gateway. */
import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, ObjectType } from 'type-graphql';
import type { QualityOutcome } from '../../../upstream/parse';
import { Angle, Face, ImageResult } from '../shared/types';
import { QualityField } from './fields';

@ObjectType({ description: 'Quality measures (quickstart names in camelCase); null when the upstream did not report one.' })
export class QualityMeasures {
  @Field(() => Float, { nullable: true, description: 'face centre to image centre, far (0) to near (1)' }) distance2center?: number;
  @Field(() => Float, { nullable: true, description: 'landmark score, low to high' }) alignScore?: number;
  @Field(() => Float, { nullable: true, description: 'dark (-) to bright (+)' }) brightness?: number;
  @Field(() => Float, { nullable: true, description: 'bad (0) to good (1)' }) sharpness?: number;
  @Field(() => Float, { nullable: true, description: 'closed (0) to open (1)' }) mouthOpen?: number;
  @Field(() => Float, { nullable: true, description: 'share of the face inside the image' }) missing?: number;
  @Field(() => Float, { nullable: true, description: 'face proportion of the image' }) size?: number;
}

@ObjectType({ description: 'Occlusion shares, low (0) to high (1); null when the upstream did not report one.' })
export class Occlusion {
  @Field(() => Float, { nullable: true, description: 'the whole face (upstream occlusion_total)' }) total?: number;
  @Field(() => Float, { nullable: true, description: 'the eyes' }) eye?: number;
  @Field(() => Float, { nullable: true, description: 'the nose' }) nose?: number;
  @Field(() => Float, { nullable: true, description: 'the mouth' }) mouth?: number;
  @Field(() => Float, { nullable: true, description: 'the eyebrows' }) eyebrow?: number;
  @Field(() => Float, { nullable: true, description: 'the outline of the face' }) faceLine?: number;
}

@ObjectType({ description: 'One bounded measure against its bounds.' })
export class QualityCheck {
  @Field(() => QualityField, { description: 'which measure' }) field!: string;
  @Field(() => String, { description: 'its path in QualityReport, e.g. "angle.yaw"' }) path!: string;
  @Field(() => Float, { nullable: true, description: 'the measure; null when the upstream did not report it (then it fails)' })
  value!: number | null;
  @Field(() => Float, { nullable: true, description: 'lower bound, inclusive; null: unbounded' }) min!: number | null;
  @Field(() => Float, { nullable: true, description: 'upper bound, inclusive; null: unbounded' }) max!: number | null;
  @Field(() => Boolean, { description: 'value is known and within the bounds' }) passed!: boolean;
}

@ObjectType({ description: 'The verdict of a quality report against an acceptance policy.' })
export class QualityAssessment {
  @Field(() => Boolean, { description: 'a face was analysed and every bounded field is within its bounds' })
  acceptable!: boolean;
  @Field(() => [QualityCheck], { description: 'every bounded measure, in policy order, passed or not (for a full report)' })
  checks!: QualityCheck[];
  @Field(() => [QualityCheck], { description: 'the checks that did not pass' }) failures!: QualityCheck[];
}

@ObjectType({ description: 'Quality of the largest face. Measures are null when result.code is not 0.' })
export class QualityReport {
  @Field(() => ImageResult, { description: 'outcome for the image (e.g. NO_FACE)' }) result!: ImageResult;
  @Field(() => Face, { nullable: true, description: 'the face that was analysed' }) face?: Face;
  @Field(() => Angle, { nullable: true, description: 'head pose' }) angle?: Angle;
  @Field(() => QualityMeasures, { nullable: true, description: 'image and face quality' }) quality?: QualityMeasures;
  @Field(() => Occlusion, { nullable: true, description: 'how much of the face is hidden' }) occlusion?: Occlusion;
  @Field(() => Float, { nullable: true, description: 'clockwise rotation in degrees that makes the image upright' })
  rotation?: number;
  @Field(() => String, { nullable: true, description: 'the upstream trace id' }) traceId?: string;
  @Field(() => GraphQLJSON, { description: 'the upstream answer as sent' }) raw!: unknown;

  /** kept for `assessment`, not exposed */
  outcome!: QualityOutcome;

  static from(outcome: QualityOutcome): QualityReport {
    return Object.assign(new QualityReport(), {
      result: ImageResult.from(outcome.result),
      face: Face.from(outcome.face),
      angle: outcome.angle && Angle.from(outcome.angle),
      quality: outcome.quality && Object.assign(new QualityMeasures(), outcome.quality),
      occlusion: outcome.occlusion && Object.assign(new Occlusion(), outcome.occlusion),
      rotation: outcome.rotation,
      traceId: outcome.traceId,
      raw: outcome.raw,
      outcome,
    });
  }
}
