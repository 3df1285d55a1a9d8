import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { upstream } from '../../errors';
import { toOutgoingImage } from '../../images';
import { ImageInput } from '../shared/inputs';
import { QualityPolicyInput } from './inputs';
import { DEFAULT_QUALITY_POLICY, assess, type QualityField, type QualityPolicy } from './policy';
import { QualityAssessment, QualityFailure, QualityReport } from './types';

/** Input member → report field path. */
const POLICY_INPUT_FIELDS: Record<Exclude<keyof QualityPolicyInput, 'useDefaults'>, QualityField> = {
  yaw: 'angle.yaw',
  pitch: 'angle.pitch',
  roll: 'angle.roll',
  distance2center: 'quality.distance2center',
  alignScore: 'quality.alignScore',
  brightness: 'quality.brightness',
  sharpness: 'quality.sharpness',
  mouthOpen: 'quality.mouthOpen',
  missing: 'quality.missing',
  size: 'quality.size',
  occlusionTotal: 'occlusion.total',
  eye: 'occlusion.eye',
  nose: 'occlusion.nose',
  mouth: 'occlusion.mouth',
  eyebrow: 'occlusion.eyebrow',
  faceLine: 'occlusion.faceLine',
};

function policyFrom(input: QualityPolicyInput | undefined): QualityPolicy {
  const policy: QualityPolicy = input?.useDefaults === false ? {} : { ...DEFAULT_QUALITY_POLICY };
  for (const [member, field] of Object.entries(POLICY_INPUT_FIELDS) as Array<[keyof typeof POLICY_INPUT_FIELDS, QualityField]>) {
    const bounds = input?.[member];
    if (bounds) policy[field] = { min: bounds.min ?? null, max: bounds.max ?? null };
  }
  return policy;
}

@Resolver(() => QualityReport)
export class QualityResolver {
  @Authorized('read')
  @Mutation(() => QualityReport, { description: 'Quality check of the largest face (a mutation: it carries an image).' })
  async checkQuality(@Arg('image', () => ImageInput) image: ImageInput, @Ctx() ctx: GatewayContext): Promise<QualityReport> {
    const outgoing = toOutgoingImage(image, 'image', ctx.uploads);
    return QualityReport.from(await upstream(() => ctx.client.quality(outgoing)));
  }

  @FieldResolver(() => QualityAssessment, {
    description: 'Verdict against `policy` (default: the quickstart passport-like reference ranges).',
  })
  assessment(
    @Root() report: QualityReport,
    @Arg('policy', () => QualityPolicyInput, { nullable: true }) policy?: QualityPolicyInput,
  ): QualityAssessment {
    const code = report.outcome.result.code;
    // no analysed face, nothing to vouch for: the failed image result is the one failure
    const failures = code === 0 ? assess(report.outcome, policyFrom(policy)) : [{ field: 'result.code', value: code, min: 0, max: 0 }];
    return Object.assign(new QualityAssessment(), {
      acceptable: failures.length === 0,
      failures: failures.map((failure) => Object.assign(new QualityFailure(), failure)),
    });
  }
}
