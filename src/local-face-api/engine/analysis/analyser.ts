/**
 * The face pipeline run inside each worker: decode → BlazeFace boxes → 68 landmarks (two passes) →
 * ArcFace-aligned 112×112 chip (5 points) → 512-D embedding of the chip and its mirror image, averaged.
 */
import { MIN_FACE_PIXELS, type WirePoint } from '../../../face-api-contract';
import { BlazeFace, type FaceCandidate } from './blazeface';
import { decodeImage, downscale } from './decode';
import { LandmarkNet } from './landmark-net';
import { LANDMARK_INPUT } from '../models/landmark-model';
import { ArcFace, arcfaceChip } from './arcface';
import { squareCrop } from '../geometry/align';
import { fivePoints } from '../geometry/landmarks';
import { estimatePose } from '../geometry/pose';
import { rotateClockwise, rotatePoint, type RgbImage } from '../geometry/image';
import { measureQuality } from './quality';
import { ImageError, type DetectedFace, type EmbeddedFace, type QualityReport, type Rectangle } from '../types';
import type { LocatedFace } from './types';

/** canvas margins tried in turn until a face is found (tight crops need a wide margin) */
const DETECTION_PADDINGS = [0.25, 0.6];
const DETECTION_THRESHOLD = 0.5;
/**
 * Half a face, cut by the image border, scores lower than a whole one: when nothing is found, detections down to
 * this confidence are kept if their box runs past the border (a partial face, reported with `missing` below 1).
 */
const PARTIAL_FACE_THRESHOLD = 0.3;
/** how far (share of the box side) a box must run past the border to count as cut by it */
const PARTIAL_FACE_OVERHANG = 0.1;
/** detector confidence another quarter turn must add to be reported as the upright one */
const ROTATION_MARGIN = 0.1;
const ROTATION_PREVIEW_SIDE = 512;

export class FaceAnalyser {
  private constructor(
    private readonly detector: BlazeFace,
    private readonly landmarkNet: LandmarkNet,
    private readonly recogniser: ArcFace,
  ) {}

  static async load(): Promise<FaceAnalyser> {
    const [detector, landmarkNet, recogniser] = await Promise.all([BlazeFace.load(), LandmarkNet.load(), ArcFace.load()]);
    return new FaceAnalyser(detector, landmarkNet, recogniser);
  }

  async detect(bytes: Buffer, rectangle?: Rectangle): Promise<DetectedFace[]> {
    const image = await decodeImage(bytes);
    return (await this.locate(image, rectangle)).map((f) => describe(f, image));
  }

  async embedLargest(bytes: Buffer, rectangle?: Rectangle): Promise<EmbeddedFace> {
    const image = await decodeImage(bytes);
    const [face] = await this.locate(image, rectangle, 1);
    const embedding = await this.recogniser.embed(arcfaceChip(image, fivePoints(face.points)));
    return { face: describe(face, image), embedding };
  }

  async quality(bytes: Buffer): Promise<QualityReport> {
    const image = await decodeImage(bytes);
    const { rotation, upright, candidates } = await this.findUpright(image);
    const [face] = await this.withLandmarks(upright, checkFaces(candidates, false).slice(0, 1));
    const { quality, occlusion } = measureQuality(upright, face);
    const described = describe(face, upright);
    return {
      face: rotation === 0 ? described : rotateFaceBack(described, upright, rotation),
      angle: described.angle,
      quality,
      occlusion,
      rotationAngle: rotation,
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.detector.close(), this.landmarkNet.close(), this.recogniser.close()]);
  }

  /**
   * Faces of at least MIN_FACE_PIXELS, largest first; with `rectangle`, those overlapping it, by the area they have
   * inside it (so a rectangle drawn around one face of a group picks that face, not a larger neighbour it touches).
   */
  private async locate(image: RgbImage, rectangle?: Rectangle, limit = Infinity): Promise<LocatedFace[]> {
    if (rectangle) checkRectangle(rectangle, image);
    let candidates = await this.candidates(image);
    if (rectangle) {
      candidates = candidates.filter((c) => overlapArea(c, rectangle) > 0).sort((a, b) => overlapArea(b, rectangle) - overlapArea(a, rectangle));
    }
    return this.withLandmarks(image, checkFaces(candidates, Boolean(rectangle)).slice(0, limit));
  }

  private async candidates(image: RgbImage): Promise<FaceCandidate[]> {
    const largestFirst = (faces: FaceCandidate[]) => faces.sort((a, b) => b.width * b.height - a.width * a.height);
    for (const padding of DETECTION_PADDINGS) {
      const found = await this.detector.detect(image, padding, DETECTION_THRESHOLD);
      if (found.length > 0) return largestFirst(found);
    }
    const weak = await this.detector.detect(image, DETECTION_PADDINGS[0], PARTIAL_FACE_THRESHOLD);
    return largestFirst(weak.filter((c) => cutByBorder(c, image)));
  }

  private async withLandmarks(image: RgbImage, candidates: FaceCandidate[]): Promise<LocatedFace[]> {
    const faces: LocatedFace[] = [];
    for (const c of candidates) {
      faces.push({ box: { x: c.x, y: c.y, width: c.width, height: c.height }, score: c.score, points: await this.landmarks(image, c) });
    }
    return faces;
  }

  /**
   * The quarter turn (clockwise) after which the detector is most confident in a face whose keypoints are
   * upright (eyes above the mouth, in mirror order); 0 unless another turn is clearly better.
   * Every face of a turn counts, weighted by how level its eyes are: in a group photo the largest face may be
   * tilted while the others show the image is upright, and one spurious face in a turned copy must not win.
   */
  private async findUpright(image: RgbImage) {
    const atZero = await this.candidates(image);
    // the turns are compared on a small copy: rotating a large photo three times in JS would cost seconds
    const preview = await downscale(image, ROTATION_PREVIEW_SIDE);
    const confidence = (cs: FaceCandidate[]) => cs.filter(looksUpright).reduce((sum, c) => sum + c.score * levelness(c), 0);
    let best = { rotation: 0, confidence: confidence(preview === image ? atZero : await this.candidates(preview)) + ROTATION_MARGIN };
    for (const rotation of [90, 180, 270]) {
      const c = confidence(await this.candidates(rotateClockwise(preview, rotation)));
      if (c > best.confidence) best = { rotation, confidence: c };
    }
    if (best.rotation === 0) return { rotation: 0, upright: image, candidates: atZero };
    const upright = rotateClockwise(image, best.rotation);
    return { rotation: best.rotation, upright, candidates: await this.candidates(upright) };
  }

  /** First pass on the detector's box, second pass on a box re-centred on the first landmarks. */
  private async landmarks(image: RgbImage, c: FaceCandidate): Promise<WirePoint[]> {
    let centre = { x: c.x + c.width / 2, y: c.y + c.height / 2 };
    let side = Math.max(c.width, c.height) * 1.1;
    let points: WirePoint[] = [];
    for (let pass = 0; pass < 2; pass++) {
      const crop = squareCrop(image, centre, side, LANDMARK_INPUT);
      const scale = side / LANDMARK_INPUT;
      points = (await this.landmarkNet.landmarks(crop)).map((p) => ({
        x: centre.x - side / 2 + p.x * scale,
        y: centre.y - side / 2 + p.y * scale,
      }));
      const xs = points.map((p) => p.x);
      const ys = points.map((p) => p.y);
      centre = { x: (Math.min(...xs) + Math.max(...xs)) / 2, y: (Math.min(...ys) + Math.max(...ys)) / 2 };
      side = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) * 1.15;
    }
    return points;
  }
}

function describe(face: LocatedFace, image: RgbImage): DetectedFace {
  const left = Math.max(0, Math.round(face.box.x));
  const top = Math.max(0, Math.round(face.box.y));
  const right = Math.min(image.width, Math.round(face.box.x + face.box.width));
  const bottom = Math.min(image.height, Math.round(face.box.y + face.box.height));
  return {
    rectangle: { left, top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) },
    score: Math.round(face.score * 1e4) / 1e4,
    landmarks: fivePoints(face.points).map((p) => ({ x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 })),
    angle: estimatePose(face.points),
  };
}

function cutByBorder(c: FaceCandidate, image: RgbImage): boolean {
  const dx = c.width * PARTIAL_FACE_OVERHANG;
  const dy = c.height * PARTIAL_FACE_OVERHANG;
  return c.x < -dx || c.y < -dy || c.x + c.width > image.width + dx || c.y + c.height > image.height + dy;
}

function looksUpright(c: FaceCandidate): boolean {
  const [eyeA, eyeB, , mouth] = c.keypoints;
  return eyeA.x < eyeB.x && Math.max(eyeA.y, eyeB.y) < mouth.y;
}

/** cos of the eye line's tilt: 1 for level eyes, 0 for eyes one above the other. */
function levelness(c: FaceCandidate): number {
  const [eyeA, eyeB] = c.keypoints;
  return Math.max(0, (eyeB.x - eyeA.x) / Math.hypot(eyeB.x - eyeA.x, eyeB.y - eyeA.y));
}

/** The faces big enough to analyse, or the reason there is none. */
function checkFaces(faces: FaceCandidate[], inRectangle: boolean): FaceCandidate[] {
  if (faces.length === 0) throw new ImageError('NO_FACE', inRectangle ? 'no face overlaps the rectangle' : 'no face found');
  const bigEnough = faces.filter((f) => Math.min(f.width, f.height) >= MIN_FACE_PIXELS);
  if (bigEnough.length === 0) {
    throw new ImageError('FACE_TOO_SMALL', `the largest face is smaller than ${MIN_FACE_PIXELS}×${MIN_FACE_PIXELS} pixels`);
  }
  return bigEnough;
}

/** A face described in the upright image, expressed in the coordinates of the image as received. */
function rotateFaceBack(face: DetectedFace, upright: RgbImage, rotation: number): DetectedFace {
  const back = (p: WirePoint) => rotatePoint(p, upright.width, upright.height, 360 - rotation);
  const r = face.rectangle;
  const a = back({ x: r.left, y: r.top });
  const b = back({ x: r.left + r.width - 1, y: r.top + r.height - 1 });
  return {
    ...face,
    rectangle: { left: Math.min(a.x, b.x), top: Math.min(a.y, b.y), width: r.width === 0 ? 0 : Math.abs(b.x - a.x) + 1, height: r.height === 0 ? 0 : Math.abs(b.y - a.y) + 1 },
    landmarks: face.landmarks.map(back),
  };
}

function checkRectangle(r: Rectangle, image: RgbImage): void {
  const values = [r.top, r.left, r.width, r.height];
  const valid =
    values.every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    r.top >= 0 &&
    r.left >= 0 &&
    r.width > 0 &&
    r.height > 0 &&
    r.left < image.width &&
    r.top < image.height;
  if (!valid) {
    throw new ImageError(
      'INVALID_RECTANGLE',
      `rectangle ${JSON.stringify(r)} must have top, left ≥ 0 and width, height > 0 and start inside the ${image.width}×${image.height} image`,
    );
  }
}

function overlapArea(box: FaceCandidate, r: Rectangle): number {
  const width = Math.min(box.x + box.width, r.left + r.width) - Math.max(box.x, r.left);
  const height = Math.min(box.y + box.height, r.top + r.height) - Math.max(box.y, r.top);
  return width > 0 && height > 0 ? width * height : 0;
}
