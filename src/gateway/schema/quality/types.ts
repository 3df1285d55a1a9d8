/** The quality check of a probe photo, with an acceptance verdict computed by the gateway. */
import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, ObjectType } from 'type-graphql';
import type { QualityOutcome } from '../../../upstream/parse';
import { Angle, Face, ImageResult } from '../shared/types';

@ObjectType({ description: 'Quality measures (quickstart names in camelCase).' })
export class QualityMeasures {
  @Field(() => Float, { nullable: true, description: 'face centre to image centre, far (0) to near (1)' }) distance2center?: number;
  @Field(() => Float, { nullable: true, description: 'landmark score, low to high' }) alignScore?: number;
  @Field(() => Float, { nullable: true, description: 'dark (-) to bright (+)' }) brightness?: number;
  @Field(() => Float, { nullable: true, description: 'bad (0) to good (1)' }) sharpness?: number;
  @Field(() => Float, { nullable: true, description: 'closed (0) to open (1)' }) mouthOpen?: number;
  @Field(() => Float, { nullable: true, description: 'share of the face inside the image' }) missing?: number;
  @Field(() => Float, { nullable: true, description: 'face proportion of the image' }) size?: number;
}

@ObjectType({ description: 'Occlusion shares, low (0) to high (1).' })
export class Occlusion {
  @Field(() => Float, { nullable: true, description: 'upstream occlusion_total' }) total?: number;
  @Field(() => Float, { nullable: true }) eye?: number;
  @Field(() => Float, { nullable: true }) nose?: number;
  @Field(() => Float, { nullable: true }) mouth?: number;
  @Field(() => Float, { nullable: true }) eyebrow?: number;
  @Field(() => Float, { nullable: true }) faceLine?: number;
}

@ObjectType({ description: 'A field outside its bounds; value null when the upstream did not report it.' })
export class QualityFailure {
  @Field(() => String, { description: 'path in QualityReport, e.g. "angle.yaw"' }) field!: string;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => Float, { nullable: true }) min!: number | null;
  @Field(() => Float, { nullable: true }) max!: number | null;
}

@ObjectType()
export class QualityAssessment {
  @Field(() => Boolean, { description: 'a face was analysed and every bounded field is within its bounds' })
  acceptable!: boolean;
  @Field(() => [QualityFailure]) failures!: QualityFailure[];
}

@ObjectType({ description: 'Quality of the largest face. Measures are null when result.code is not 0.' })
export class QualityReport {
  @Field(() => ImageResult) result!: ImageResult;
  @Field(() => Face, { nullable: true }) face?: Face;
  @Field(() => Angle, { nullable: true }) angle?: Angle;
  @Field(() => QualityMeasures, { nullable: true }) quality?: QualityMeasures;
  @Field(() => Occlusion, { nullable: true }) occlusion?: Occlusion;
  @Field(() => Float, { nullable: true, description: 'clockwise rotation in degrees that makes the image upright' })
  rotation?: number;
  @Field(() => String, { nullable: true }) traceId?: string;
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
