/** Types the analysis steps share inside a worker (the engine's public types are in ../types.ts). */
import type { WirePoint } from '../../../face-api-contract';

/** A face with everything later steps need, in image pixels (box not clipped to the image). */
export interface LocatedFace {
  box: { x: number; y: number; width: number; height: number };
  score: number;
  /** the 68 landmarks */
  points: WirePoint[];
}
