/**
 * The face engine's public interface: what the local Face API's routes call.
 * All pixel coordinates refer to the image as displayed: EXIF orientation applied (the cloud auto-rotates since v1.4.0).
 */
import type { WireAngle, WireFace, WireOcclusion, WireQualityMeasures, WireRectangle } from '../../face-api-contract';

export type Rectangle = WireRectangle;
export type DetectedFace = WireFace;

/** Why an image could not be analysed; mapped to per-image result codes by the routes. */
export type ImageFailure =
  | 'INVALID_IMAGE_DATA'
  | 'UNSUPPORTED_IMAGE_FORMAT'
  | 'IMAGE_TOO_LARGE'
  | 'NO_FACE'
  | 'FACE_TOO_SMALL'
  | 'INVALID_RECTANGLE';

export class ImageError extends Error {
  constructor(
    readonly failure: ImageFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ImageError';
  }
}

export interface EmbeddedFace {
  face: DetectedFace;
  /** L2-normalised identity embedding */
  embedding: Float32Array;
}

export interface QualityReport {
  face: DetectedFace;
  angle: WireAngle;
  quality: WireQualityMeasures;
  occlusion: WireOcclusion;
  /** clockwise degrees (0/90/180/270) that make the image upright */
  rotationAngle: number;
}

/** The engine's load, for metrics (absent on engines that do not report it). */
export interface EngineMonitor {
  queueLength(): number;
  busyWorkers(): number;
  readonly workers: number;
  /** called with each finished analysis: which, milliseconds waiting for a worker, milliseconds in it */
  onJob(listener: (method: string, waitMs: number, runMs: number) => void): void;
}

export interface FaceEngine {
  /** Every face in the image (or overlapping `rectangle`), largest first. Rejects with ImageError. */
  detect(image: Buffer, rectangle?: Rectangle): Promise<DetectedFace[]>;
  /** Embedding of the largest face (inside `rectangle` when given). Rejects with ImageError. */
  embedLargest(image: Buffer, rectangle?: Rectangle): Promise<EmbeddedFace>;
  /** Quality measures of the largest face. Rejects with ImageError. */
  quality(image: Buffer): Promise<QualityReport>;
  /** Calibrated similarity in [0, 1] of two embeddings (0.8 ≈ false-match rate 1e-4 on LFW). */
  similarity(a: Float32Array, b: Float32Array): number;
  /** Same calibration applied to a raw cosine similarity, for vectorised search. */
  calibrate(cosine: number): number;
  readonly embeddingSize: number;
  /** model identity, reported by system info */
  readonly models: Record<string, string>;
  readonly monitor?: EngineMonitor;
  close(): Promise<void>;
}
