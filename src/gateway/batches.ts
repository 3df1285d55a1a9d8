/** Splitting image lists into upstream-sized batches, sent one after another (order kept, files streamed in order). */
import { MAX_IMAGES_PER_BATCH } from '../face-api-contract';

export function chunk<T>(items: readonly T[], size = MAX_IMAGES_PER_BATCH): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
