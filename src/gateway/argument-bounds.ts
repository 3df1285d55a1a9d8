/**
 * The bounds of the schema's arguments, checked by hand before any upstream call; each failure is BAD_USER_INPUT
 * naming the argument. Not class-validator: it needs type-graphql's `validate: true`, a validation pass over every
 * argument object of every request (measured +60% execution time on a 20-database page query), and its own messages.
 * The image checks that need the data itself (base64, size) are in images.ts.
 */
import { MAX_PAGE_SIZE, MAX_TOP_K } from '../face-api-contract';
import { badUserInput } from './errors';
import type { RectangleInput } from './schema/shared/inputs';

/** the upstream's bounds and defaults (contract E8, E9), spelled out in the SDL */
export { DEFAULT_MIN_SCORE, DEFAULT_PAGE_SIZE, DEFAULT_TOP_K, MAX_PAGE_SIZE, MAX_TOP_K } from '../face-api-contract';
/** Images per GraphQL call (`addFeatures`, `detectFaces`); each goes upstream in batches of 16. */
export const MAX_IMAGES_PER_REQUEST = 256;

export function checkImageCount(count: number, argument: string): void {
  if (count < 1) throw badUserInput(`${argument} must hold at least one image`, { argument });
  if (count > MAX_IMAGES_PER_REQUEST) {
    throw badUserInput(`${argument} holds ${count} images; at most ${MAX_IMAGES_PER_REQUEST} per request`, { argument });
  }
}

export function checkPage(offset: number, limit: number): void {
  if (offset < 0) throw badUserInput('offset must be ≥ 0', { argument: 'offset' });
  if (limit < 1 || limit > MAX_PAGE_SIZE) throw badUserInput(`limit must be 1..${MAX_PAGE_SIZE}`, { argument: 'limit' });
}

export function checkNewDatabase(name: string, maxSize: number): void {
  if (name.trim() === '') throw badUserInput('name must not be empty', { argument: 'name' });
  if (maxSize < 1) throw badUserInput('maxSize must be at least 1', { argument: 'maxSize' });
}

/** searchFaces, identifyFaces */
export function checkSearchArguments(databaseIds: string[], topK: number, minScore: number): void {
  if (databaseIds.length === 0) throw badUserInput('databaseIds must name at least one database', { argument: 'databaseIds' });
  if (topK < 1 || topK > MAX_TOP_K) throw badUserInput(`topK must be 1..${MAX_TOP_K}`, { argument: 'topK' });
  if (!(minScore >= 0 && minScore <= 1)) throw badUserInput('minScore must be 0..1', { argument: 'minScore' });
}

/** A region of interest next to an image: where it lies within the image is the upstream's to judge. */
export function checkRectangleBounds(rectangle: RectangleInput, label: string): void {
  const { top, left, width, height } = rectangle;
  if (top < 0 || left < 0 || width <= 0 || height <= 0) {
    throw badUserInput(`${label}: rectangle needs top, left ≥ 0 and width, height > 0`);
  }
}
