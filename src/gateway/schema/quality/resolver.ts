import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { toOutgoingImage } from '../../images';
import { CheckQualityArgs, QualityPolicyInput } from './inputs';
import { DEFAULT_QUALITY_POLICY, RESULT_CODE, assess, type QualityCheckModel, type QualityField, type QualityPolicy } from './policy';
import { QualityAssessment, QualityCheck, QualityReport } from './types';

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
  @Mutation(() => QualityReport, { description: 'Quality check of the largest face (scope read; a mutation: it carries an image).' })
  async checkQuality(@Args(() => CheckQualityArgs) { image, rectangle }: CheckQualityArgs, @Ctx() ctx: GatewayContext): Promise<QualityReport> {
    const outgoing = toOutgoingImage({ ...image, rectangle }, 'image', ctx.uploads);
    return QualityReport.from(await ctx.client.quality(outgoing));
  }

  @FieldResolver(() => QualityAssessment, {
    description: 'Verdict against `policy` (default: the quickstart passport-like reference ranges).',
  })
  assessment(
    @Root() report: QualityReport,
    @Arg('policy', () => QualityPolicyInput, { nullable: true, description: 'your bounds (default: the quickstart table)' })
    policy?: QualityPolicyInput,
  ): QualityAssessment {
    const code = report.outcome.result.code;
    // no analysed face, nothing to vouch for: the failed image result is the one failure
    const models: QualityCheckModel[] =
      code === 0 ? assess(report.outcome, policyFrom(policy)) : [{ field: RESULT_CODE, value: code, min: 0, max: 0, passed: false }];
    const checks = models.map((check) => Object.assign(new QualityCheck(), { ...check, path: check.field }));
    return Object.assign(new QualityAssessment(), {
      acceptable: checks.every((check) => check.passed),
      checks,
      failures: checks.filter((check) => !check.passed),
    });
  }
}
