/**
 * Limits of the contract: the cloud's documented ones (DOC-4) and, where it says UNKNOWN, this project's
 * choices (docs/rest-contract.md), which the local Face API enforces and the gateway checks before sending.
 */

export const MAX_IMAGES_PER_BATCH = 16;
export const MAX_IMAGE_BYTES = 8 * 1024 * 1024; // decoded size must be < 8 MB
/** The smallest face analysed: both sides at least this many pixels. */
export const MIN_FACE_PIXELS = 32;

// ---- this project's choices ------------------------------------------------------------------------------
/** E8 search: `top_k` 1..MAX_TOP_K, `min_score` 0..1, at most MAX_DB_IDS databases. */
export const MAX_TOP_K = 100;
export const DEFAULT_TOP_K = 10;
export const DEFAULT_MIN_SCORE = 0;
export const MAX_DB_IDS = 100;
export const MAX_DB_ID_LENGTH = 64;
/** E4 create database */
export const MAX_NAME_LENGTH = 256;
export const MAX_DESCRIPTION_LENGTH = 4096;
/**
 * The cloud advertises up to 20 million faces; the local Face API keeps a database's search matrix in one
 * WebAssembly memory (≤ 4 GiB), which holds ~8.3 million 512-D int8 features.
 */
export const MAX_DATABASE_SIZE = 8_000_000;
/** E7 add / update: `extra_info` */
export const MAX_EXTRA_INFO_LENGTH = 4096;
/** E9 list features: `offset` ≥ 0, `limit` 1..MAX_PAGE_SIZE */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
/** Rectangle coordinates: integers, top/left ≥ 0, width/height ≥ 1, none above this. */
export const MAX_COORDINATE = 1_000_000;

/**
 * The byte length that base64 text (standard or URL-safe, padding optional) decodes to, computed from its
 * length alone, so a too-large image is refused before it is decoded.
 */
export function decodedBase64Length(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.floor(((base64.length - padding) * 3) / 4);
}
