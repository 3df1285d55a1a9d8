import { Field, InputType } from 'type-graphql';
import { ImageInput } from '../shared/inputs';

@InputType()
export class NewFeatureInput {
  @Field(() => ImageInput, { description: 'the largest face (inside the rectangle, if given) is added' })
  image!: ImageInput;
  @Field(() => String, { nullable: true, description: 'your metadata, returned with search matches' })
  extraInfo?: string;
}
