/** Face detection (all faces per image) and 1:1 comparison. */
import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Face, ImageResult } from '../shared/types';

@ObjectType({ description: 'Every face found in one input image.' })
export class DetectedImage {
  @Field(() => Int, { description: 'position in the input list' }) index!: number;
  @Field(() => ImageResult) result!: ImageResult;
  @Field(() => [Face]) faces!: Face[];
  @Field(() => String, { nullable: true }) traceId?: string;
}

@ObjectType({ description: 'Similarity of the largest face of each image; the threshold is yours to choose.' })
export class Comparison {
  @Field(() => Float, { nullable: true, description: 'similarity in [0, 1]; null when either image failed' }) score?: number;
  @Field(() => ImageResult) one!: ImageResult;
  @Field(() => ImageResult) another!: ImageResult;
  @Field(() => Face, { nullable: true }) oneFace?: Face;
  @Field(() => Face, { nullable: true }) anotherFace?: Face;
  @Field(() => String, { nullable: true }) traceId?: string;
  @Field(() => GraphQLJSON, { description: 'the upstream answer as sent' }) raw!: unknown;
}
