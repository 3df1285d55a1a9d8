/**
 * Tolerant parsing of upstream answers into the gateway's model (camelCase, with the raw JSON kept).
 * Where the public contract is unknown (face-api-contract.md §10) the plausible variants are accepted:
 * databases as ids or objects, ids under several names, quality fields top-level or nested.
 */
import type { WireAngle, WireOcclusion, WirePoint, WireQualityMeasures, WireRectangle } from '../face-api-contract';
import { UpstreamError } from './errors';

export type Json = Record<string, unknown>;

export interface ImageResult {
  code: number;
  message: string;
  internalCode: number;
}

export interface Face {
  rectangle: WireRectangle;
  score?: number;
  landmarks: WirePoint[];
  angle?: WireAngle;
  raw: unknown;
}

/** Dates (`createdAt`) are ISO 8601 UTC strings, whatever the upstream sent. */
export interface Database {
  id: string;
  name?: string;
  description?: string;
  maxSize?: number;
  size?: number;
  objectType?: string;
  featureVersion?: number;
  createdAt?: string;
  raw: unknown;
}

export interface Feature {
  id: string;
  databaseId?: string;
  extraInfo?: string;
  createdAt?: string;
  raw: unknown;
}

export interface AddedFeatures {
  traceId?: string;
  results: ImageResult[];
  /** one entry per image, null where the image failed */
  features: Array<(Feature & { face?: Face }) | null>;
}

export interface SearchHit {
  score: number;
  feature: Feature;
}

export interface SearchOutcome {
  traceId?: string;
  result: ImageResult;
  face?: Face;
  hits: SearchHit[];
  raw: unknown;
}

export interface Detection {
  traceId?: string;
  /** per image: outcome and every face found */
  images: Array<{ result: ImageResult; faces: Face[] }>;
}

export interface Comparison {
  traceId?: string;
  results: ImageResult[];
  score?: number;
  oneFace?: Face;
  anotherFace?: Face;
  raw: unknown;
}

export interface QualityMeasures {
  distance2center?: number;
  alignScore?: number;
  brightness?: number;
  sharpness?: number;
  mouthOpen?: number;
  missing?: number;
  size?: number;
}

export interface OcclusionMeasures {
  total?: number;
  eye?: number;
  nose?: number;
  mouth?: number;
  eyebrow?: number;
  faceLine?: number;
}

export interface QualityOutcome {
  traceId?: string;
  result: ImageResult;
  face?: Face;
  angle?: WireAngle;
  quality?: QualityMeasures;
  occlusion?: OcclusionMeasures;
  rotation?: number;
  raw: unknown;
}

export interface FeaturePage {
  features: Feature[];
  total?: number;
}

// ---- primitives ------------------------------------------------------------------------------------------

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** First defined value among several plausible member names. */
function pick(source: Json, ...names: string[]): unknown {
  for (const name of names) if (source[name] !== undefined && source[name] !== null) return source[name];
  return undefined;
}

/**
 * Dates already converted: every listing repeats the same creation dates, and parsing them was half the cost
 * of reading an upstream answer. Bounded: emptied when full.
 */
const isoDates = new Map<string | number, string | undefined>();
const MAX_MEMOIZED_DATES = 4096;

/** A date as ISO 8601 (UTC): ISO or RFC 2822 text, or epoch seconds/milliseconds; undefined when unreadable. */
function isoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  if (isoDates.has(value)) return isoDates.get(value);
  if (isoDates.size >= MAX_MEMOIZED_DATES) isoDates.clear();
  const converted = convertDate(value);
  isoDates.set(value, converted);
  return converted;
}

function convertDate(value: string | number): string | undefined {
  const epoch = typeof value === 'number' ? value : undefined;
  const text = typeof value === 'string' ? value.trim() : undefined;
  if (epoch === undefined && !text) return undefined;
  // epoch values below 1e11 are seconds (1e11 s is the year 5138)
  const date = epoch !== undefined ? new Date(epoch < 1e11 ? epoch * 1000 : epoch) : new Date(text as string);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function traceIdOf(body: unknown): string | undefined {
  return isObject(body) ? str(pick(body, 'trace_id', 'traceId', 'request_id')) : undefined;
}

function badResponse(what: string, body: unknown): UpstreamError {
  return new UpstreamError(`Unexpected upstream response: ${what}`, { kind: 'BAD_RESPONSE', traceId: traceIdOf(body) });
}

function expectObject(body: unknown, what: string): Json {
  if (!isObject(body)) throw badResponse(`${what} is not a JSON object`, body);
  return body;
}

// ---- shapes ----------------------------------------------------------------------------------------------

export function parseImageResult(value: unknown): ImageResult {
  const source = isObject(value) ? value : {};
  const code = num(source.code) ?? -1;
  return {
    code,
    message: str(source.message) ?? (code === 0 ? 'Success.' : 'Unknown upstream result'),
    internalCode: num(pick(source, 'internal_code', 'internalCode')) ?? code,
  };
}

export function parseRectangle(value: unknown): WireRectangle | undefined {
  if (!isObject(value)) return undefined;
  const top = num(value.top);
  const left = num(value.left);
  let width = num(value.width);
  let height = num(value.height);
  // some face APIs send corners instead of sizes
  if (width === undefined && left !== undefined) width = (num(value.right) ?? NaN) - left;
  if (height === undefined && top !== undefined) height = (num(value.bottom) ?? NaN) - top;
  if (top === undefined || left === undefined || !Number.isFinite(width) || !Number.isFinite(height)) return undefined;
  return { top, left, width: width as number, height: height as number };
}

export function parseAngle(value: unknown): WireAngle | undefined {
  if (!isObject(value)) return undefined;
  const yaw = num(value.yaw);
  const pitch = num(value.pitch);
  const roll = num(value.roll);
  if (yaw === undefined && pitch === undefined && roll === undefined) return undefined;
  return { yaw: yaw ?? 0, pitch: pitch ?? 0, roll: roll ?? 0 };
}

function parsePoint(value: unknown): WirePoint | undefined {
  if (Array.isArray(value) && value.length >= 2) {
    const [x, y] = [num(value[0]), num(value[1])];
    return x === undefined || y === undefined ? undefined : { x, y };
  }
  if (!isObject(value)) return undefined;
  const x = num(value.x);
  const y = num(value.y);
  return x === undefined || y === undefined ? undefined : { x, y };
}

/** A face without a box is no use to a client (it cannot be shown or cropped): it is left out. */
export function parseFace(value: unknown): Face | undefined {
  if (!isObject(value)) return undefined;
  const rectangle = parseRectangle(pick(value, 'rectangle', 'rect', 'box'));
  if (!rectangle) return undefined;
  return {
    rectangle,
    score: num(pick(value, 'score', 'confidence', 'detection_score')),
    landmarks: arrayOf(pick(value, 'landmarks', 'keypoints'))
      .map(parsePoint)
      .filter((point): point is WirePoint => point !== undefined),
    angle: parseAngle(pick(value, 'angle', 'pose')),
    raw: value,
  };
}

export function parseDatabase(value: unknown): Database | undefined {
  if (typeof value === 'string' || typeof value === 'number') return { id: String(value), raw: value };
  if (!isObject(value)) return undefined;
  const id = str(pick(value, 'db_id', 'id', 'database_id', 'dbId'));
  if (id === undefined) return undefined;
  return {
    id,
    name: str(value.name),
    description: str(value.description),
    maxSize: num(pick(value, 'max_size', 'maxSize')),
    size: num(pick(value, 'size', 'feature_count', 'count')),
    objectType: str(pick(value, 'object_type', 'objectType')),
    featureVersion: num(pick(value, 'feature_version', 'featureVersion')),
    createdAt: isoDate(pick(value, 'created_at', 'createdAt', 'create_time')),
    raw: value,
  };
}

export function parseFeature(value: unknown, fallbackDatabaseId?: string): Feature | undefined {
  if (!isObject(value)) return undefined;
  const id = str(pick(value, 'feature_id', 'id', 'featureId', 'face_id', 'uid'));
  if (id === undefined) return undefined;
  return {
    id,
    databaseId: str(pick(value, 'db_id', 'database_id', 'dbId')) ?? fallbackDatabaseId,
    extraInfo: str(pick(value, 'extra_info', 'extraInfo')),
    createdAt: isoDate(pick(value, 'created_at', 'createdAt')),
    raw: value,
  };
}

// ---- endpoint answers ------------------------------------------------------------------------------------

export function parseDatabaseList(body: unknown): Database[] {
  const source = expectObject(body, 'database list');
  const list = pick(source, 'databases', 'db_ids', 'items');
  if (!Array.isArray(list)) throw badResponse('database list has no "databases" array', body);
  return list.map(parseDatabase).filter((db): db is Database => db !== undefined);
}

export function parseCreatedDatabase(body: unknown, request: { name: string; description?: string; maxSize: number }): Database {
  const source = expectObject(body, 'created database');
  const nested = isObject(source.database) ? source.database : source;
  const parsed = parseDatabase(nested);
  if (!parsed) throw badResponse('created database has no db_id', body);
  // fill what the upstream did not echo from what we asked for
  return {
    ...parsed,
    name: parsed.name ?? request.name,
    description: parsed.description ?? request.description,
    maxSize: parsed.maxSize ?? request.maxSize,
  };
}

/** The per-image entries of an add answer: `features`, `feature_ids` or ids inside `results`. */
export function parseAddedFeatures(body: unknown, databaseId: string, count: number): AddedFeatures {
  const source = expectObject(body, 'add features answer');
  const results = arrayOf(source.results).map(parseImageResult);
  if (results.length !== count) throw badResponse(`add features answered ${results.length} results for ${count} images`, body);
  const listed = arrayOf(pick(source, 'features', 'feature_ids', 'items'));
  const features = results.map((result, i) => {
    if (result.code !== 0) return null;
    const entry = listed[i] ?? (source.results as unknown[])[i];
    const parsed = typeof entry === 'string' ? { id: entry, databaseId, raw: entry } : parseFeature(entry, databaseId);
    if (!parsed) return null;
    const face = isObject(entry) ? parseFace(entry.face) : undefined;
    return { ...parsed, face };
  });
  return { traceId: traceIdOf(body), results, features };
}

export function parseSearch(body: unknown, databaseIds: string[]): SearchOutcome {
  const source = expectObject(body, 'search answer');
  const batch = isObject(arrayOf(source.batches)[0]) ? (arrayOf(source.batches)[0] as Json) : source;
  // with one database searched, hits without a db_id can only come from it
  const onlyDatabase = databaseIds.length === 1 ? databaseIds[0] : undefined;
  const hits = arrayOf(pick(batch, 'features', 'matches', 'results_list')).flatMap((entry): SearchHit[] => {
    if (!isObject(entry)) return [];
    const feature = parseFeature(isObject(entry.feature) ? { ...entry, ...entry.feature } : entry, onlyDatabase);
    const score = num(pick(entry, 'score', 'similarity'));
    return feature && score !== undefined ? [{ score, feature }] : [];
  });
  return {
    traceId: traceIdOf(body),
    result: parseImageResult(arrayOf(source.results)[0] ?? { code: 0 }),
    face: parseFace(pick(batch, 'face', 'probe_face', 'detected_face') ?? source.face),
    hits,
    raw: body,
  };
}

export function parseDetection(body: unknown, count: number): Detection {
  const source = expectObject(body, 'detect answer');
  const results = arrayOf(source.results).map(parseImageResult);
  const batches = arrayOf(source.batches);
  if (results.length !== count) throw badResponse(`detect answered ${results.length} results for ${count} images`, body);
  return {
    traceId: traceIdOf(body),
    images: results.map((result, i) => ({
      result,
      faces: arrayOf(isObject(batches[i]) ? (batches[i] as Json).faces : undefined)
        .map(parseFace)
        .filter((face): face is Face => face !== undefined),
    })),
  };
}

export function parseComparison(body: unknown): Comparison {
  const source = expectObject(body, 'compare answer');
  const results = arrayOf(source.results).map(parseImageResult);
  return {
    traceId: traceIdOf(body),
    results,
    score: num(pick(source, 'score', 'similarity')),
    oneFace: parseFace(pick(source, 'one_face', 'oneFace')),
    anotherFace: parseFace(pick(source, 'another_face', 'anotherFace')),
    raw: body,
  };
}

function parseMeasures(value: unknown): QualityMeasures | undefined {
  if (!isObject(value)) return undefined;
  const m: Partial<Record<keyof WireQualityMeasures, unknown>> = value;
  return {
    distance2center: num(pick(value, 'distance2center', 'distance_to_center')),
    alignScore: num(pick(value, 'align_score', 'alignScore')),
    brightness: num(m.brightness),
    sharpness: num(m.sharpness),
    mouthOpen: num(pick(value, 'mouth_open', 'mouthOpen')),
    missing: num(m.missing),
    size: num(m.size),
  };
}

function parseOcclusion(value: unknown): OcclusionMeasures | undefined {
  if (!isObject(value)) return undefined;
  const o: Partial<Record<keyof WireOcclusion, unknown>> = value;
  return {
    total: num(pick(value, 'occlusion_total', 'total')),
    eye: num(o.eye),
    nose: num(o.nose),
    mouth: num(o.mouth),
    eyebrow: num(o.eyebrow),
    faceLine: num(pick(value, 'face_line', 'faceLine')),
  };
}

/** Quality fields may sit at the top level, under `result`/`face`, or in a one-element `batches`/`qualities` list. */
export function parseQuality(body: unknown): QualityOutcome {
  const source = expectObject(body, 'quality answer');
  const candidates = [source, source.result, arrayOf(source.batches)[0], arrayOf(source.qualities)[0], source.face].filter(isObject);
  const find = (...names: string[]): unknown => {
    for (const candidate of candidates) {
      const found = pick(candidate, ...names);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const faceValue = find('face', 'detected_face');
  return {
    traceId: traceIdOf(body),
    result: parseImageResult(arrayOf(source.results)[0] ?? { code: 0 }),
    face: parseFace(faceValue),
    angle: parseAngle(find('angle', 'pose')),
    quality: parseMeasures(find('quality', 'quality_measures')),
    occlusion: parseOcclusion(find('occlusion')),
    rotation: num(find('rotation_angle', 'rotation', 'optimal_rotation_angle', 'rotate_angle')),
    raw: body,
  };
}

export function parseFeatureOnly(body: unknown, databaseId: string): Feature {
  const source = expectObject(body, 'feature answer');
  const feature = parseFeature(isObject(source.feature) ? source.feature : source, databaseId);
  if (!feature) throw badResponse('feature answer has no feature id', body);
  return feature;
}

export function parseFeaturePage(body: unknown, databaseId: string): FeaturePage {
  const source = expectObject(body, 'feature list');
  return {
    features: arrayOf(source.features)
      .map((entry) => (typeof entry === 'string' ? { id: entry, databaseId, raw: entry } : parseFeature(entry, databaseId)))
      .filter((feature): feature is Feature => feature !== undefined),
    total: num(source.total),
  };
}
