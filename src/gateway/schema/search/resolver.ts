import { Args, ArgsType, Authorized, Ctx, Field, Float, ID, Int, Mutation, Resolver } from 'type-graphql';
import { checkSearchArguments, DEFAULT_MIN_SCORE, DEFAULT_TOP_K, MAX_TOP_K } from '../../argument-bounds';
import type { GatewayContext } from '../../context';
import { toOutgoingImage } from '../../images';
import { Feature } from '../features/types';
import { ImageInput, RectangleInput } from '../shared/inputs';
import { Face, ImageResult } from '../shared/types';
import { SearchMatch, SearchResult } from './types';

@ArgsType()
class SearchFacesArgs {
  @Field(() => [ID], { description: 'the databases to search (at least one)' }) databaseIds!: string[];
  @Field(() => ImageInput, { description: 'the largest face (inside the rectangle, if given) is searched' }) image!: ImageInput;
  @Field(() => RectangleInput, { nullable: true, description: 'only faces overlapping this region are considered' })
  rectangle?: RectangleInput;
  @Field(() => Int, { defaultValue: DEFAULT_TOP_K, description: `at most this many matches, 1..${MAX_TOP_K}` }) topK!: number;
  @Field(() => Float, {
    defaultValue: DEFAULT_MIN_SCORE,
    description: 'only matches scoring at least this, 0..1 (0.8 ↔ a false-match rate of 1 in 10,000 on the local Face API)',
  })
  minScore!: number;
}

@Resolver()
export class SearchResolver {
  @Authorized('read')
  @Mutation(() => SearchResult, {
    description: 'Searches the largest face of the image in one or more databases (scope read; a mutation: it carries an image).',
  })
  async searchFaces(
    @Args(() => SearchFacesArgs) { databaseIds, image, rectangle, topK, minScore }: SearchFacesArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<SearchResult> {
    checkSearchArguments(databaseIds, topK, minScore);
    const outgoing = toOutgoingImage({ ...image, rectangle }, 'image', ctx.uploads);
    const outcome = await ctx.client.search({ image: outgoing, databaseIds: [...new Set(databaseIds)], topK, minScore });
    return Object.assign(new SearchResult(), {
      result: ImageResult.from(outcome.result),
      face: Face.from(outcome.face),
      matches: outcome.hits.map(SearchMatch.from),
      traceId: outcome.traceId,
      raw: outcome.raw,
    });
  }
}
