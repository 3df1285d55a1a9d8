/** Feature databases: named, size-capped stores of face features. */
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { Database } from '../../../upstream/parse';

// a Federation entity (GATEWAY_SUBGRAPH=on): other subgraphs reference a database by its id
@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'A feature database. The real cloud may list databases as bare ids: then every field but `id` and `raw` is null ' +
    '(the local Face API and single-database answers fill them all but `description`, which is optional).',
})
export class FeatureDatabase {
  @Field(() => ID, { description: 'the upstream db_id' }) id!: string;
  @Field(() => String, { nullable: true, description: 'the name given at creation' }) name?: string;
  @Field(() => String, { nullable: true, description: 'the description given at creation, if any' }) description?: string;
  @Field(() => Int, { nullable: true, description: 'how many features it may hold (fixed at creation)' }) maxSize?: number;
  @Field(() => Int, { nullable: true, description: 'how many features it holds now' }) size?: number;
  @Field(() => String, { nullable: true, description: 'the upstream object type (OBJECT_FACE)' }) objectType?: string;
  @Field(() => Int, { nullable: true, description: 'version of the face model its features come from' }) featureVersion?: number;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'when it was created' }) createdAt?: string;
  @Field(() => GraphQLJSON, { description: 'the database object exactly as the upstream sent it' }) raw!: unknown;

  static from(model: Database): FeatureDatabase {
    return Object.assign(new FeatureDatabase(), model);
  }
}
