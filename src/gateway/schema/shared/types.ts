/** Output types shared by several domains: faces, rectangles and per-image outcomes. */
import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { WireAngle, WirePoint, WireRectangle } from '../../../face-api-contract';
import { ImageOutcome, outcomeOf } from './enums';
import type { Face as FaceModel, ImageResult as ImageResultModel } from '../../../upstream/parse';

@ObjectType({ description: 'A region of the image in pixels (EXIF orientation applied).' })
export class Rectangle {
  @Field(() => Int, { description: 'distance from the top edge of the image' }) top!: number;
  @Field(() => Int, { description: 'distance from the left edge of the image' }) left!: number;
  @Field(() => Int, { description: 'width in pixels' }) width!: number;
  @Field(() => Int, { description: 'height in pixels' }) height!: number;

  static from(wire: WireRectangle): Rectangle {
    // the contract speaks integer pixels; round what an upstream may send as floats
    return Object.assign(new Rectangle(), {
      top: Math.round(wire.top),
      left: Math.round(wire.left),
      width: Math.round(wire.width),
      height: Math.round(wire.height),
    });
  }
}

@ObjectType({ description: 'A point in pixels.' })
export class Point {
  @Field(() => Float, { description: 'from the left edge of the image' }) x!: number;
  @Field(() => Float, { description: 'from the top edge of the image' }) y!: number;

  static from(wire: WirePoint): Point {
    return Object.assign(new Point(), wire);
  }
}

@ObjectType({ description: 'Head pose in degrees.' })
export class Angle {
  @Field(() => Float, { description: 'turn left (−) or right (+)' }) yaw!: number;
  @Field(() => Float, { description: 'nod down (−) or up (+)' }) pitch!: number;
  @Field(() => Float, { description: 'tilt towards a shoulder' }) roll!: number;

  static from(wire: WireAngle): Angle {
    return Object.assign(new Angle(), wire);
  }
}

@ObjectType({ description: 'A detected face; `raw` holds the full upstream object.' })
export class Face {
  @Field(() => Rectangle, { description: 'where the face is (faces the upstream sends without a box are left out)' })
  rectangle!: Rectangle;
  @Field(() => Float, { nullable: true, description: 'detector confidence in [0, 1]' }) score?: number;
  @Field(() => [Point], { description: 'landmarks as sent by the upstream (5 points on the local Face API)' })
  landmarks!: Point[];
  @Field(() => Angle, { nullable: true, description: 'head pose, when the upstream estimates it' }) angle?: Angle;
  @Field(() => GraphQLJSON, { description: 'the face object exactly as the upstream sent it' }) raw!: unknown;

  static from(model: FaceModel): Face;
  static from(model: FaceModel | undefined): Face | undefined;
  static from(model: FaceModel | undefined): Face | undefined {
    if (!model) return undefined;
    return Object.assign(new Face(), {
      rectangle: Rectangle.from(model.rectangle),
      score: model.score,
      landmarks: model.landmarks.map(Point.from),
      angle: model.angle && Angle.from(model.angle),
      raw: model.raw,
    });
  }
}

@ObjectType({ description: 'Outcome for one image: code 0 is success, anything else says why the image was not used.' })
export class ImageResult {
  @Field(() => ImageOutcome, { description: 'the outcome as an enum (switch on this)' }) outcome!: ImageOutcome;
  @Field(() => Int, { description: 'the upstream code: 0 success, 1001..1007 per-image failures, -1 not processed' }) code!: number;
  @Field(() => String, { description: "the upstream's message (English, for logs rather than people)" }) message!: string;
  @Field(() => Int, { description: "the upstream's internal code, for its support" }) internalCode!: number;
  @Field(() => Boolean, { description: 'outcome is SUCCESS' }) ok!: boolean;

  static from(model: ImageResultModel): ImageResult {
    return Object.assign(new ImageResult(), { ...model, outcome: outcomeOf(model.code), ok: model.code === 0 });
  }
}
