/** Inputs and argument sets of the feature operations (ArgsType keeps the declared argument order). */
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../argument-bounds';
import { ImageInput, RectangleInput } from '../shared/inputs';

@InputType({ description: 'One photo to add, with your metadata.' })
export class NewFeatureInput {
  @Field(() => ImageInput, { description: 'the largest face (inside the rectangle, if given) is added' })
  image!: ImageInput;
  @Field(() => RectangleInput, { nullable: true, description: 'only faces overlapping this region are considered' })
  rectangle?: RectangleInput;
  @Field(() => String, { nullable: true, description: 'your metadata, returned with search matches' })
  extraInfo?: string;
}

@ArgsType()
export class AddFeaturesArgs {
  @Field(() => ID, { description: 'the database to add to' }) databaseId!: string;
  @Field(() => [NewFeatureInput], { description: 'at most 256 photos; one result per photo, in this order' })
  features!: NewFeatureInput[];
}

@ArgsType()
export class FeatureRefArgs {
  @Field(() => ID, { description: 'the database holding the feature' }) databaseId!: string;
  @Field(() => ID, { description: 'the feature id' }) id!: string;
}

@ArgsType()
export class UpdateFeatureArgs extends FeatureRefArgs {
  @Field(() => String, { description: 'the new metadata (replaces the old)' }) extraInfo!: string;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 0, description: 'features to skip, ≥ 0' }) offset!: number;
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: `page size, 1..${MAX_PAGE_SIZE}` }) limit!: number;
}
