/** Inputs shared by every image-bearing mutation. */
import type { FileUpload } from 'graphql-upload-minimal';
import { GraphQLUpload } from 'graphql-upload-minimal';
import { Field, InputType, Int } from 'type-graphql';

@InputType({ description: 'A region of interest in pixels: only faces overlapping it are considered.' })
export class RectangleInput {
  @Field(() => Int) top!: number;
  @Field(() => Int) left!: number;
  @Field(() => Int) width!: number;
  @Field(() => Int) height!: number;
}

@InputType({
  description:
    'An image: exactly one of `file` (multipart upload, send the `Apollo-Require-Preflight: true` header) ' +
    'or `base64` (raw file bytes; a data: URI prefix is accepted). JPG, PNG, BMP, TIFF or GIF below 8 MB.',
})
export class ImageInput {
  @Field(() => GraphQLUpload, { nullable: true }) file?: Promise<FileUpload>;
  @Field(() => String, { nullable: true }) base64?: string;
  @Field(() => RectangleInput, { nullable: true }) rectangle?: RectangleInput;
}
