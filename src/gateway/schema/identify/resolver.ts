import pLimit from 'p-limit';
import { Args, ArgsType, Authorized, Ctx, Field, Float, ID, Int, Mutation, Resolver } from 'type-graphql';
import type { OutgoingImage } from '../../../upstream/client';
import { base64Chunks, StreamedBase64 } from '../../../upstream/json-stream';
import type { Face as FaceModel } from '../../../upstream/parse';
import { checkSearchArguments, DEFAULT_MIN_SCORE, DEFAULT_TOP_K, MAX_TOP_K } from '../../argument-bounds';
import type { GatewayContext } from '../../context';
import { toOutgoingImage } from '../../images';
import { SearchMatch } from '../search/types';
import { ImageInput, RectangleInput } from '../shared/inputs';
import { Face, ImageResult } from '../shared/types';
import { IdentifiedFace, Identification } from './types';

/** Faces searched per image (largest first): a crowd photo costs at most this many searches. */
export const MAX_IDENTIFIED_FACES = 32;
/** Searches of one request in flight at once: a group photo cannot take every upstream connection. */
export const SEARCH_PARALLELISM = 4;

@ArgsType()
class IdentifyFacesArgs {
  @Field(() => ImageInput, { description: 'the photo' }) image!: ImageInput;
  @Field(() => RectangleInput, { nullable: true, description: 'only faces overlapping this region are identified' })
  rectangle?: RectangleInput;
  @Field(() => [ID], { description: 'databases to search (at least one)' }) databaseIds!: string[];
  @Field(() => Int, { defaultValue: DEFAULT_TOP_K, description: `at most this many matches per face, 1..${MAX_TOP_K}` })
  topK!: number;
  @Field(() => Float, {
    defaultValue: DEFAULT_MIN_SCORE,
    description: 'only matches scoring at least this, 0..1 (0.8 ↔ a false-match rate of 1 in 10,000 on the local Face API)',
  })
  minScore!: number;
}

/** The image's bytes as one base64 text: an upload is read once and then sent upstream for every face. */
async function readOnce(image: OutgoingImage): Promise<OutgoingImage> {
  if (!(image.data instanceof StreamedBase64)) return image;
  let text = '';
  for await (const piece of base64Chunks(image.data)) text += piece;
  return { ...image, data: text };
}

@Resolver()
export class IdentifyResolver {
  @Authorized('read')
  @Mutation(() => Identification, {
    description:
      `Detects every face of the image once and searches each (up to ${MAX_IDENTIFIED_FACES}, largest first) in the ` +
      'databases: one upload, results per face with its box.',
  })
  async identifyFaces(
    @Args(() => IdentifyFacesArgs) { image, rectangle, databaseIds, topK, minScore }: IdentifyFacesArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<Identification> {
    checkSearchArguments(databaseIds, topK, minScore);
    const photo = await readOnce(toOutgoingImage({ ...image, rectangle }, 'image', ctx.uploads));
    const detection = await ctx.client.detect([photo]);
    const [detected] = detection.images;
    const faces = detected.faces.filter((face): face is FaceModel & { rectangle: object } => Boolean(face.rectangle));
    const limit = pLimit(SEARCH_PARALLELISM);
    const search = (face: FaceModel) =>
      limit(() =>
        ctx.client.search({
          image: { data: photo.data, rectangle: face.rectangle },
          databaseIds: [...new Set(databaseIds)],
          topK,
          minScore,
        }),
      );
    const searched = faces.slice(0, MAX_IDENTIFIED_FACES);
    let outcomes;
    try {
      outcomes = await Promise.all(searched.map(search));
    } finally {
      limit.clearQueue(); // one failed search fails the request: the queued ones are not sent
    }
    return Object.assign(new Identification(), {
      result: ImageResult.from(detected.result),
      facesFound: faces.length,
      faces: searched.map((face, index) =>
        Object.assign(new IdentifiedFace(), {
          index,
          face: Face.from(face),
          result: ImageResult.from(outcomes[index].result),
          matches: outcomes[index].hits.map(SearchMatch.from),
          traceId: outcomes[index].traceId,
        }),
      ),
      traceId: detection.traceId,
    });
  }
}
