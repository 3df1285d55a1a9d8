/** Stored face features and the outcome of adding them. */
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { Feature as FeatureModel } from '../../../upstream/parse';
import { ErrorCode, ImageOutcome } from '../shared/enums';
import { Face } from '../shared/types';

// a Federation entity (GATEWAY_SUBGRAPH=on): a feature is known by its database and its id
@Directive('@key(fields: "databaseId id")')
@ObjectType({ description: 'One added face feature (not a person: the same person may have many).' })
export class Feature {
  @Field(() => ID, { description: 'the upstream feature_id, unique within its database' }) id!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'null only for a search hit in several databases that the upstream did not attribute',
  })
  databaseId?: string;
  @Field(() => String, { nullable: true, description: 'your metadata, as given when it was added or updated' }) extraInfo?: string;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'when it was added (null when the upstream does not say)' })
  createdAt?: string;
  @Field(() => GraphQLJSON, { description: 'the feature object exactly as the upstream sent it' }) raw!: unknown;

  static from(model: FeatureModel): Feature {
    return Object.assign(new Feature(), model);
  }
}

@ObjectType({ description: 'One page of the features of a database, in the order the upstream stores them.' })
export class FeaturePage {
  @Field(() => [Feature], { description: 'at most `limit` features, starting at `offset`' }) features!: Feature[];
  @Field(() => Int, { nullable: true, description: 'features in the database (null when the upstream does not say)' })
  total?: number;
  @Field(() => Boolean, {
    description:
      'whether a page follows this one (from `total`; without it, whether this page is full, so a last full page says true once)',
  })
  hasNextPage!: boolean;
  @Field(() => Int, { nullable: true, description: 'the `offset` of the next page; null when hasNextPage is false' })
  nextOffset?: number;
}

@ObjectType({
  description:
    'Outcome for one input image, in input order. SUCCESS: stored (`feature` is set). NOT_PROCESSED: its upstream ' +
    'batch failed (errorCode says why; after UPSTREAM_TIMEOUT the outcome is unknown); other outcomes come from the upstream.',
})
export class AddFeatureResult {
  @Field(() => Int, { description: 'position in the input list' }) index!: number;
  @Field(() => ImageOutcome, { description: 'the outcome as an enum (switch on this)' }) outcome!: ImageOutcome;
  @Field(() => Int, { description: 'the upstream code: 0 success, 1001..1007 per-image failures, -1 not processed' }) code!: number;
  @Field(() => String, { description: "the upstream's message (English, for logs rather than people)" }) message!: string;
  @Field(() => Int, { description: "the upstream's internal code, for its support" }) internalCode!: number;
  @Field(() => Boolean, { description: 'outcome is SUCCESS' }) ok!: boolean;
  @Field(() => Feature, { nullable: true, description: 'the stored feature; null unless ok' }) feature?: Feature;
  @Field(() => Face, { nullable: true, description: 'the face the feature was taken from' }) face?: Face;
  @Field(() => ErrorCode, { nullable: true, description: 'why the batch of this image failed (outcome NOT_PROCESSED only)' })
  errorCode?: ErrorCode;
  @Field(() => String, { nullable: true, description: 'the upstream trace id of the call that handled this image' }) traceId?: string;
}
