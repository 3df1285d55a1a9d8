/** Inputs and argument sets of the feature operations (ArgsType keeps the declared argument order). */
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ImageInput } from '../shared/inputs';

@InputType()
export class NewFeatureInput {
  @Field(() => ImageInput, { description: 'the largest face (inside the rectangle, if given) is added' })
  image!: ImageInput;
  @Field(() => String, { nullable: true, description: 'your metadata, returned with search matches' })
  extraInfo?: string;
}

@ArgsType()
export class AddFeaturesArgs {
  @Field(() => ID) databaseId!: string;
  @Field(() => [NewFeatureInput]) features!: NewFeatureInput[];
}

@ArgsType()
export class FeatureRefArgs {
  @Field(() => ID) databaseId!: string;
  @Field(() => ID) id!: string;
}

@ArgsType()
export class UpdateFeatureArgs extends FeatureRefArgs {
  @Field(() => String) extraInfo!: string;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 0 }) offset!: number;
  @Field(() => Int, { defaultValue: 100, description: '1..1000' }) limit!: number;
}
