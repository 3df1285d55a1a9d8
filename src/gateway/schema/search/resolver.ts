import { Args, ArgsType, Authorized, Ctx, Field, Float, ID, Int, Mutation, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { upstream } from '../../errors';
import { toOutgoingImage } from '../../images';
import { Feature } from '../features/types';
import { ImageInput } from '../shared/inputs';
import { Face, ImageResult } from '../shared/types';
import { checkSearchArguments, MAX_TOP_K } from './arguments';
import { SearchMatch, SearchResult } from './types';

@ArgsType()
class SearchFacesArgs {
  @Field(() => [ID]) databaseIds!: string[];
  @Field(() => ImageInput, { description: 'the largest face (inside the rectangle, if given) is searched' }) image!: ImageInput;
  @Field(() => Int, { nullable: true, description: `1..${MAX_TOP_K}; upstream default when null` }) topK?: number | null;
  @Field(() => Float, { nullable: true, description: '0..1; upstream default when null' }) minScore?: number | null;
}

@Resolver()
export class SearchResolver {
  @Authorized('read')
  @Mutation(() => SearchResult, {
    description: 'Searches the largest face of the image in one or more databases (a mutation: it carries an image).',
  })
  async searchFaces(
    @Args(() => SearchFacesArgs) { databaseIds, image, topK, minScore }: SearchFacesArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<SearchResult> {
    checkSearchArguments(databaseIds, topK, minScore);
    const outgoing = toOutgoingImage(image, 'image', ctx.uploads);
    const outcome = await upstream(() =>
      ctx.client.search({ image: outgoing, databaseIds: [...new Set(databaseIds)], topK: topK ?? undefined, minScore: minScore ?? undefined }),
    );
    return Object.assign(new SearchResult(), {
      result: ImageResult.from(outcome.result),
      face: Face.from(outcome.face),
      matches: outcome.hits.map(SearchMatch.from),
      traceId: outcome.traceId,
      raw: outcome.raw,
    });
  }
}
