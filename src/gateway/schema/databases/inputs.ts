/** Arguments of the database mutations. */
import { ArgsType, Field, Int } from 'type-graphql';

@ArgsType()
export class CreateDatabaseArgs {
  @Field(() => String, { description: 'a name for people; need not be unique' }) name!: string;
  @Field(() => Int, { description: 'maximum number of features, ≥ 1; cannot be changed later' }) maxSize!: number;
  @Field(() => String, { nullable: true, description: 'free text' }) description?: string;
}
