/** Face detection (all faces per image) and 1:1 comparison. */
import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Face, ImageResult } from '../shared/types';

@ObjectType({ description: 'Every face found in one input image.' })
export class DetectedImage {
  @Field(() => Int, { description: 'position in the input list' }) index!: number;
  @Field(() => ImageResult, { description: 'outcome for the image (faces is empty unless ok)' }) result!: ImageResult;
  @Field(() => [Face], { description: 'every face found, as the upstream orders them' }) faces!: Face[];
  @Field(() => String, { nullable: true, description: 'the upstream trace id' }) traceId?: string;
}

@ObjectType({ description: 'Similarity of the largest face of each image; the threshold is yours to choose.' })
export class Comparison {
  @Field(() => Float, { nullable: true, description: 'similarity in [0, 1]; null when either image failed' }) score?: number;
  @Field(() => ImageResult, { description: 'outcome for the first image' }) one!: ImageResult;
  @Field(() => ImageResult, { description: 'outcome for the second image' }) another!: ImageResult;
  @Field(() => Face, { nullable: true, description: 'the face compared in the first image' }) oneFace?: Face;
  @Field(() => Face, { nullable: true, description: 'the face compared in the second image' }) anotherFace?: Face;
  @Field(() => String, { nullable: true, description: 'the upstream trace id' }) traceId?: string;
  @Field(() => GraphQLJSON, { description: 'the upstream answer as sent' }) raw!: unknown;
}
