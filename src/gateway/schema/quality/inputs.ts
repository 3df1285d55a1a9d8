import { ArgsType, Field, Float, InputType } from 'type-graphql';
import { ImageInput, RectangleInput } from '../shared/inputs';

@ArgsType()
export class CheckQualityArgs {
  @Field(() => ImageInput, { description: 'the photo; its largest face (inside the rectangle, if given) is checked' }) image!: ImageInput;
  @Field(() => RectangleInput, { nullable: true, description: 'only faces overlapping this region are considered' })
  rectangle?: RectangleInput;
}

@InputType({ description: 'Inclusive bounds; a null side is unbounded, both null disables the check.' })
export class BoundsInput {
  @Field(() => Float, { nullable: true, description: 'lowest accepted value; null: unbounded below' }) min?: number | null;
  @Field(() => Float, { nullable: true, description: 'highest accepted value; null: unbounded above' }) max?: number | null;
}

@InputType({
  description:
    'Acceptance bounds per field. Fields you leave out keep the default (the quickstart passport-like table) ' +
    'unless useDefaults is false.',
})
export class QualityPolicyInput {
  @Field(() => Boolean, { defaultValue: true, description: 'false: only the bounds given here apply' }) useDefaults!: boolean;
  @Field(() => BoundsInput, { nullable: true, description: 'bounds of `angle.yaw`' }) yaw?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true, description: 'bounds of `angle.pitch`' }) pitch?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true, description: 'bounds of `angle.roll`' }) roll?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true, description: 'bounds of `quality.distance2center`' }) distance2center?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true, description: 'bounds of `quality.alignScore`' }) alignScore?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true, description: 'bounds of `quality.brightness`' }) brightness?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true, description: 'bounds of `quality.sharpness`' }) sharpness?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true, description: 'bounds of `quality.mouthOpen`' }) mouthOpen?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true, description: 'bounds of `quality.missing`' }) missing?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true, description: 'bounds of `quality.size`' }) size?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true, description: 'bounds of `occlusion.total`' }) occlusionTotal?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true, description: 'bounds of `occlusion.eye`' }) eye?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true, description: 'bounds of `occlusion.nose`' }) nose?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true, description: 'bounds of `occlusion.mouth`' }) mouth?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true, description: 'bounds of `occlusion.eyebrow`' }) eyebrow?: BoundsInput;
  @Field(() => BoundsInput, { nullable: true, description: 'bounds of `occlusion.faceLine`' }) faceLine?: BoundsInput;
}
