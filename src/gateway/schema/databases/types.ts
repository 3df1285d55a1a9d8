/** Feature databases: named, size-capped stores of face features. */
import { GraphQLJSON } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { Database } from '../../../upstream/parse';

// a Federation entity (GATEWAY_SUBGRAPH=on): other subgraphs reference a database by its id
@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'A feature database. Upstreams that list databases as bare ids leave every field but `id` null; `raw` holds what was sent.',
})
export class FeatureDatabase {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => Int, { nullable: true, description: 'how many features it may hold (fixed at creation)' }) maxSize?: number;
  @Field(() => Int, { nullable: true, description: 'how many features it holds now' }) size?: number;
  @Field(() => String, { nullable: true }) objectType?: string;
  @Field(() => Int, { nullable: true }) featureVersion?: number;
  @Field(() => String, { nullable: true, description: 'ISO 8601' }) createdAt?: string;
  @Field(() => GraphQLJSON) raw!: unknown;

  static from(model: Database): FeatureDatabase {
    return Object.assign(new FeatureDatabase(), model);
  }
}
