/** Output types shared by several domains: faces, rectangles and per-image outcomes. */
import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { WireAngle, WirePoint, WireRectangle } from '../../../upstream/contract';
import type { Face as FaceModel, ImageResult as ImageResultModel } from '../../../upstream/parse';

@ObjectType({ description: 'A region of the image in pixels (EXIF orientation applied).' })
export class Rectangle {
  @Field(() => Int) top!: number;
  @Field(() => Int) left!: number;
  @Field(() => Int) width!: number;
  @Field(() => Int) height!: number;

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
  @Field(() => Float) x!: number;
  @Field(() => Float) y!: number;

  static from(wire: WirePoint): Point {
    return Object.assign(new Point(), wire);
  }
}

@ObjectType({ description: 'Head pose in degrees.' })
export class Angle {
  @Field(() => Float) yaw!: number;
  @Field(() => Float) pitch!: number;
  @Field(() => Float) roll!: number;

  static from(wire: WireAngle): Angle {
    return Object.assign(new Angle(), wire);
  }
}

@ObjectType({ description: 'A detected face. Only `rectangle` is certain upstream; `raw` holds the full upstream object.' })
export class Face {
  @Field(() => Rectangle, { nullable: true }) rectangle?: Rectangle;
  @Field(() => Float, { nullable: true, description: 'detector confidence in [0, 1]' }) score?: number;
  @Field(() => [Point], { description: 'landmarks as sent by the upstream (5 points on the local Face API)' })
  landmarks!: Point[];
  @Field(() => Angle, { nullable: true }) angle?: Angle;
  @Field(() => GraphQLJSON, { description: 'the face object exactly as the upstream sent it' }) raw!: unknown;

  static from(model: FaceModel): Face;
  static from(model: FaceModel | undefined): Face | undefined;
  static from(model: FaceModel | undefined): Face | undefined {
    if (!model) return undefined;
    return Object.assign(new Face(), {
      rectangle: model.rectangle && Rectangle.from(model.rectangle),
      score: model.score,
      landmarks: model.landmarks.map(Point.from),
      angle: model.angle && Angle.from(model.angle),
      raw: model.raw,
    });
  }
}

@ObjectType({ description: 'Outcome for one image: code 0 is success, anything else says why the image was not used.' })
export class ImageResult {
  @Field(() => Int) code!: number;
  @Field(() => String) message!: string;
  @Field(() => Int) internalCode!: number;
  @Field(() => Boolean, { description: 'code === 0' }) ok!: boolean;

  static from(model: ImageResultModel): ImageResult {
    return Object.assign(new ImageResult(), { ...model, ok: model.code === 0 });
  }
}
