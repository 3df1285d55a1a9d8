/** Stored face features and the outcome of adding them. */
import { GraphQLJSON } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { Feature as FeatureModel } from '../../../upstream/parse';
import { Face } from '../shared/types';

// a Federation entity (GATEWAY_SUBGRAPH=on): a feature is known by its database and its id
@Directive('@key(fields: "databaseId id")')
@ObjectType({ description: 'One added face feature (not a person: the same person may have many).' })
export class Feature {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true, description: 'null when the upstream did not say and it cannot be inferred' })
  databaseId?: string;
  @Field(() => String, { nullable: true }) extraInfo?: string;
  @Field(() => String, { nullable: true, description: 'ISO 8601' }) createdAt?: string;
  @Field(() => GraphQLJSON, { description: 'the feature object exactly as the upstream sent it' }) raw!: unknown;

  static from(model: FeatureModel): Feature {
    return Object.assign(new Feature(), model);
  }
}

@ObjectType()
export class FeaturePage {
  @Field(() => [Feature]) features!: Feature[];
  @Field(() => Int, { nullable: true, description: 'features in the database' }) total?: number;
}

@ObjectType({
  description:
    'Outcome for one input image, in input order. code 0: stored (feature set). code -1: its upstream batch ' +
    'failed (errorCode says why; after UPSTREAM_TIMEOUT the outcome is unknown); other codes come from the upstream.',
})
export class AddFeatureResult {
  @Field(() => Int, { description: 'position in the input list' }) index!: number;
  @Field(() => Int) code!: number;
  @Field(() => String) message!: string;
  @Field(() => Int) internalCode!: number;
  @Field(() => Boolean) ok!: boolean;
  @Field(() => Feature, { nullable: true }) feature?: Feature;
  @Field(() => Face, { nullable: true, description: 'the face the feature was taken from' }) face?: Face;
  @Field(() => String, { nullable: true, description: 'GraphQL error code of a failed batch (code -1)' }) errorCode?: string;
  @Field(() => String, { nullable: true }) traceId?: string;
}
