import { z } from 'zod';
import {
  MAX_COORDINATE,
  MAX_DATABASE_SIZE,
  MAX_DB_ID_LENGTH,
  MAX_DB_IDS,
  MAX_DESCRIPTION_LENGTH,
  MAX_EXTRA_INFO_LENGTH,
  MAX_IMAGES_PER_BATCH,
  MAX_NAME_LENGTH,
  MAX_TOP_K,
} from './limits';

/**
 * Request bodies of the contract, each declared once as a schema: the local Face API validates with it, the
 * client builds bodies that satisfy its type. Optional fields may also be null; unknown fields are dropped.
 * Every rule's message completes a sentence that starts with the field's JSON path (`requestError`), e.g.
 * "images[2].image.data must be a base64 string": these are the local Face API's 400 messages.
 */

const object = <Shape extends z.ZodRawShape>(shape: Shape) => z.object(shape, { error: 'must be a JSON object' });

function integer(min: number, max: number) {
  const rule = `must be an integer from ${min} to ${max}`;
  return z.number({ error: rule }).refine((n) => Number.isInteger(n) && n >= min && n <= max, { error: rule });
}

function number(min: number, max: number) {
  const rule = `must be a number from ${min} to ${max}`;
  return z.number({ error: rule }).refine((n) => n >= min && n <= max, { error: rule });
}

function string(maxLength: number, options: { blank: boolean }) {
  const text = z.string({ error: 'must be a string' });
  return (options.blank ? text : text.refine((s) => s.trim() !== '', { error: 'must not be empty' })).max(maxLength, {
    error: `must be at most ${maxLength} characters`,
  });
}

/** 1..max elements: the count is checked before any element is. */
function list<Element extends z.ZodType>(element: Element, max: number) {
  return z
    .array(z.unknown(), { error: 'must be an array' })
    .min(1, { error: 'must not be empty' })
    .max(max, { error: (issue) => `holds ${(issue.input as unknown[]).length} elements, at most ${max} are allowed` })
    .pipe(z.array(element));
}

export const WireRectangle = object({
  top: integer(0, MAX_COORDINATE),
  left: integer(0, MAX_COORDINATE),
  width: integer(1, MAX_COORDINATE),
  height: integer(1, MAX_COORDINATE),
});
export type WireRectangle = z.infer<typeof WireRectangle>;

/**
 * base64 of the raw file bytes. A `data:` URI prefix is refused (the cloud would fail to decode it), so that code
 * that works against the local Face API also works against the cloud.
 */
export const WireImage = object({
  data: z
    .string({ error: 'must be a base64 string' })
    .refine((data) => !/^\s*data:/i.test(data.slice(0, 64)), { error: 'must be plain base64: remove the "data:...;base64," URI prefix' }),
  rectangle: WireRectangle.nullish(),
});
export type WireImage = z.infer<typeof WireImage>;

/** E1 detect: 1..16 images */
export const DetectRequest = object({ images: list(WireImage, MAX_IMAGES_PER_BATCH) });
export type DetectRequest = z.infer<typeof DetectRequest>;

/** E2 compare */
export const CompareRequest = object({ one: WireImage, another: WireImage });
export type CompareRequest = z.infer<typeof CompareRequest>;

/** E3 quality (the contract lists no rectangle for it: a given one is validated but not used) */
export const QualityRequest = object({ image: WireImage });
export type QualityRequest = z.infer<typeof QualityRequest>;

/** E4 create database (description defaults to "") */
export const CreateDatabaseRequest = object({
  name: string(MAX_NAME_LENGTH, { blank: false }),
  description: string(MAX_DESCRIPTION_LENGTH, { blank: true }).nullish(),
  max_size: integer(1, MAX_DATABASE_SIZE),
});
export type CreateDatabaseRequest = z.infer<typeof CreateDatabaseRequest>;

/** E7 batch add: 1..16 images (extra_info defaults to "") */
export const AddFeaturesRequest = object({
  images: list(object({ image: WireImage, extra_info: string(MAX_EXTRA_INFO_LENGTH, { blank: true }).nullish() }), MAX_IMAGES_PER_BATCH),
});
export type AddFeaturesRequest = z.infer<typeof AddFeaturesRequest>;

/** E8 search (top_k defaults to DEFAULT_TOP_K, min_score to DEFAULT_MIN_SCORE) */
export const SearchRequest = object({
  image: WireImage,
  db_ids: list(string(MAX_DB_ID_LENGTH, { blank: false }), MAX_DB_IDS),
  top_k: integer(1, MAX_TOP_K).nullish(),
  min_score: number(0, 1).nullish(),
});
export type SearchRequest = z.infer<typeof SearchRequest>;

/** POST /{app_id}/databases/{db_id}/features/{feature_id} */
export const UpdateFeatureRequest = object({ extra_info: string(MAX_EXTRA_INFO_LENGTH, { blank: true }) });
export type UpdateFeatureRequest = z.infer<typeof UpdateFeatureRequest>;

/** The message of a body that fails `schema`: its first issue, after the JSON path of the field ("body" for the whole). */
export function requestError(error: z.ZodError): string {
  const { path, message } = error.issues[0];
  const field = path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join('');
  return `${field || 'body'} ${message}`;
}
