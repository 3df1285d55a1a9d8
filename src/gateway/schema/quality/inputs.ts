import { Field, Float, InputType } from 'type-graphql';

@InputType({ description: 'Inclusive bounds; a null side is unbounded, both null disables the check.' })
export class BoundsInput {
  @Field(() => Float, { nullable: true }) min?: number | null;
  @Field(() => Float, { nullable: true }) max?: number | null;
}

@InputType({
  description:
    'Acceptance bounds per field. Fields you leave out keep the default (the quickstart passport-like table) ' +
    'unless useDefaults is false.',
})
export class QualityPolicyInput {
  @Field(() => Boolean, { defaultValue: true }) useDefaults!: boolean;
  @Field(() => BoundsInput, { nullable: true }) yaw?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true }) pitch?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true }) roll?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true }) distance2center?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true }) alignScore?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true }) brightness?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true }) sharpness?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true }) mouthOpen?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true }) missing?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true }) size?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true }) occlusionTotal?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true }) eye?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true }) nose?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true }) mouth?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true }) eyebrow?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true }) faceLine?: BoundsInput;
}
