/** Splitting image lists into upstream-sized batches, sent one after another (order kept, files streamed in order). */
import { MAX_IMAGES_PER_BATCH } from '../face-api-contract';
import { badUserInput } from './errors';

/** Images per GraphQL call; each goes upstream in batches of 16. */
export const MAX_IMAGES_PER_REQUEST = 256;

export function checkImageCount(count: number, argument: string): void {
  if (count < 1) throw badUserInput(`${argument} must hold at least one image`, { argument });
  if (count > MAX_IMAGES_PER_REQUEST) {
    throw badUserInput(`${argument} holds ${count} images; at most ${MAX_IMAGES_PER_REQUEST} per request`, { argument });
  }
}

export function chunk<T>(items: readonly T[], size = MAX_IMAGES_PER_BATCH): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
