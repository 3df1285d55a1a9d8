/** Messages between the engine (main thread) and its analysis workers. */
import type { ImageFailure, Rectangle } from '../types';

export type Method = 'detect' | 'embedLargest' | 'quality';

export interface Job {
  id: number;
  method: Method;
  image: Uint8Array;
  rectangle?: Rectangle;
}

export type Reply =
  | { kind: 'ready' }
  | { kind: 'fatal'; message: string }
  | { kind: 'done'; id: number; value: unknown }
  | { kind: 'failed'; id: number; failure?: ImageFailure; message: string };
