/** 1:N search results. */
import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, ObjectType } from 'type-graphql';
import type { SearchHit } from '../../../upstream/parse';
import { Feature } from '../features/types';
import { Face, ImageResult } from '../shared/types';

@ObjectType({ description: 'One stored feature similar to the probe.' })
export class SearchMatch {
  @Field(() => Float, { description: 'similarity in [0, 1]' }) score!: number;
  @Field(() => Feature, { description: 'the stored feature (its extraInfo says whose it is)' }) feature!: Feature;

  static from(hit: SearchHit): SearchMatch {
    return Object.assign(new SearchMatch(), { score: hit.score, feature: Feature.from(hit.feature) });
  }
}

@ObjectType({ description: 'Matches of the probe’s largest face, best first. Empty when nothing matched.' })
export class SearchResult {
  @Field(() => ImageResult, { description: 'outcome for the probe image (e.g. no face found)' }) result!: ImageResult;
  @Field(() => Face, { nullable: true, description: 'the probe’s detected face' }) face?: Face;
  @Field(() => [SearchMatch], { description: 'best first, at most topK, each scoring at least minScore' }) matches!: SearchMatch[];
  @Field(() => String, { nullable: true, description: 'the upstream trace id' }) traceId?: string;
  @Field(() => GraphQLJSON, { description: 'the upstream answer as sent' }) raw!: unknown;
}
