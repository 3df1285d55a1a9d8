import { Arg, Args, ArgsType, Authorized, Ctx, Field, Mutation, Resolver } from 'type-graphql';
import { checkImageCount } from '../../argument-bounds';
import { chunk } from '../../batches';
import type { GatewayContext } from '../../context';
import { toOutgoingImage } from '../../images';
import { ImageInput, RectangleInput } from '../shared/inputs';
import { Face, ImageResult } from '../shared/types';
import { Comparison, DetectedImage } from './types';

const SUCCESS = { code: 0, message: 'Success.', internalCode: 0 };
const NOT_REPORTED = { code: -1, message: 'The upstream reported no result for this image', internalCode: -1 };

@ArgsType()
class CompareFacesArgs {
  @Field(() => ImageInput, { description: 'the first photo' }) one!: ImageInput;
  @Field(() => RectangleInput, { nullable: true, description: 'only faces of the first photo overlapping this region' })
  oneRectangle?: RectangleInput;
  @Field(() => ImageInput, { description: 'the second photo' }) another!: ImageInput;
  @Field(() => RectangleInput, { nullable: true, description: 'only faces of the second photo overlapping this region' })
  anotherRectangle?: RectangleInput;
}

@Resolver()
export class DetectResolver {
  @Authorized('read')
  @Mutation(() => [DetectedImage], {
    description: 'Every face in each image (scope read); batches of 16 upstream, results in input order.',
  })
  async detectFaces(@Arg('images', () => [ImageInput], { description: 'at most 256 photos' }) images: ImageInput[], @Ctx() ctx: GatewayContext): Promise<DetectedImage[]> {
    checkImageCount(images.length, 'images');
    const outgoing = images.map((image, i) => toOutgoingImage(image, `images[${i}]`, ctx.uploads));
    const detected: DetectedImage[] = [];
    // detection stores nothing, so a failed batch simply fails the request
    for (const batch of chunk(outgoing)) {
      const answer = await ctx.client.detect(batch);
      for (const image of answer.images) {
        detected.push(
          Object.assign(new DetectedImage(), {
            index: detected.length,
            result: ImageResult.from(image.result),
            faces: image.faces.map((face) => Face.from(face)),
            traceId: answer.traceId,
          }),
        );
      }
    }
    return detected;
  }

  @Authorized('read')
  @Mutation(() => Comparison, { description: '1:1 verification of the largest face of each image (scope read).' })
  async compareFaces(
    @Args(() => CompareFacesArgs) { one, oneRectangle, another, anotherRectangle }: CompareFacesArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<Comparison> {
    const images = [
      toOutgoingImage({ ...one, rectangle: oneRectangle }, 'one', ctx.uploads),
      toOutgoingImage({ ...another, rectangle: anotherRectangle }, 'another', ctx.uploads),
    ];
    const answer = await ctx.client.compare(images[0], images[1]);
    // an upstream without per-image results succeeded on both images when it sent a score
    const unreported = answer.score === undefined ? NOT_REPORTED : SUCCESS;
    return Object.assign(new Comparison(), {
      score: answer.score,
      one: ImageResult.from(answer.results[0] ?? unreported),
      another: ImageResult.from(answer.results[1] ?? unreported),
      oneFace: Face.from(answer.oneFace),
      anotherFace: Face.from(answer.anotherFace),
      traceId: answer.traceId,
      raw: answer.raw,
    });
  }
}
