/** Inputs shared by every image-bearing mutation. */
import type { FileUpload } from 'graphql-upload-minimal';
import { GraphQLUpload } from 'graphql-upload-minimal';
import { Field, InputType, Int } from 'type-graphql';

@InputType({ description: 'A region of interest in pixels: only faces overlapping it are considered.' })
export class RectangleInput {
  @Field(() => Int, { description: 'distance from the top edge of the image, ≥ 0' }) top!: number;
  @Field(() => Int, { description: 'distance from the left edge of the image, ≥ 0' }) left!: number;
  @Field(() => Int, { description: 'width in pixels, > 0' }) width!: number;
  @Field(() => Int, { description: 'height in pixels, > 0' }) height!: number;
}

@InputType({
  description:
    'An image, exactly one of `file` or `base64` (`@oneOf`: validation refuses both, neither, or a null). ' +
    'JPG, PNG, BMP, TIFF or GIF (first frame), smaller than 8 MB.',
})
// `@oneOf` is set on the built schema (../index.ts): type-graphql 2 has no option for it
export class ImageInput {
  @Field(() => GraphQLUpload, {
    nullable: true,
    description: 'a multipart upload (GraphQL multipart request spec); send the `Apollo-Require-Preflight: true` header',
  })
  file?: Promise<FileUpload>;
  @Field(() => String, { nullable: true, description: 'the file bytes as base64; a `data:…;base64,` prefix is accepted' })
  base64?: string;
}

/** An image and its optional region, as toOutgoingImage takes them. */
export interface ImageWithRegion {
  file?: Promise<FileUpload> | null;
  base64?: string | null;
  rectangle?: RectangleInput | null;
}
