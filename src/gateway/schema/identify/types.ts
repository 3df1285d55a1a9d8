/** Identification: every face of one image, each searched in the given databases. */
import { Field, Int, ObjectType } from 'type-graphql';
import { SearchMatch } from '../search/types';
import { Face, ImageResult } from '../shared/types';

@ObjectType({ description: 'One detected face of the image and the enrolled features it matches, best first.' })
export class IdentifiedFace {
  @Field(() => Int, { description: 'position among the detected faces (largest first, from 0)' }) index!: number;
  @Field(() => Face, { description: 'the detected face; its rectangle is what was searched' }) face!: Face;
  @Field(() => ImageResult, { description: 'outcome of this face’s search (e.g. too small to recognise)' }) result!: ImageResult;
  @Field(() => [SearchMatch], { description: 'matches with score ≥ minScore, at most topK, best first; empty when none' })
  matches!: SearchMatch[];
  @Field(() => String, { nullable: true, description: 'upstream trace id of this face’s search' }) traceId?: string;
}

@ObjectType({ description: 'Every face of one image, each searched in the given databases: who is in this photo.' })
export class Identification {
  @Field(() => ImageResult, { description: 'outcome of face detection for the image (e.g. not a decodable image)' })
  result!: ImageResult;
  @Field(() => Int, { description: 'faces the detector found; the largest ones, up to the limit, are searched' })
  facesFound!: number;
  @Field(() => [IdentifiedFace], { description: 'the searched faces, largest first' }) faces!: IdentifiedFace[];
  @Field(() => String, { nullable: true, description: 'upstream trace id of the detection' }) traceId?: string;
}
