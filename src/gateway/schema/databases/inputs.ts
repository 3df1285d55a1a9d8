/** Arguments of the database mutations. */
import { ArgsType, Field, Int } from 'type-graphql';

@ArgsType()
export class CreateDatabaseArgs {
  @Field(() => String) name!: string;
  @Field(() => Int, { description: 'maximum number of features; cannot be changed later' }) maxSize!: number;
  @Field(() => String, { nullable: true }) description?: string;
}
