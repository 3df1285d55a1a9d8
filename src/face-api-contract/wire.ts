/**
 * Wire types of the Face OpenAPI REST contract (snake_case, as sent on the wire): the answers; the request
 * bodies are schemas in requests.ts.
 *
 * Known parts follow the cloud's documentation; where it is UNKNOWN, the shapes below are this
 * project's choice (documented in docs/rest-contract.md). The local Face API serves exactly these shapes; the
 * gateway's client parses tolerantly, because the real cloud may differ where the contract is unknown.
 */

import type { WireRectangle } from './requests';

export const API_BASE_PATH = '/openapi/face/v1';


/** Per-image outcome of batch calls: code 0 = success. */
export interface WireResult {
  code: number;
  message: string;
  internal_code: number;
}

export interface WirePoint {
  x: number;
  y: number;
}

export interface WireAngle {
  yaw: number;
  pitch: number;
  roll: number;
}

/** A detected face. Only `rectangle` is known upstream; the rest is this project's choice. */
export interface WireFace {
  rectangle: WireRectangle;
  /** detector confidence in [0, 1] */
  score: number;
  /** 5 points: left eye, right eye (as seen in the image), nose tip, left and right mouth corner */
  landmarks: WirePoint[];
  angle: WireAngle;
}

/** Request-level error body (non-2xx). Kong-level 401s carry only `message`. */
export interface WireError {
  code?: number;
  message: string;
  trace_id?: string;
}

export interface TraceBody {
  trace_id: string;
}

// ---- E1 detect -------------------------------------------------------------------------------------------
export interface DetectResponse extends TraceBody {
  results: WireResult[];
  batches: Array<{ faces: WireFace[] }>;
}

// ---- E2 compare ------------------------------------------------------------------------------------------
/** `results[0]` is `one`, `results[1]` is `another`; `score` and faces are present only when both succeeded. */
export interface CompareResponse extends TraceBody {
  results: WireResult[];
  score?: number;
  one_face?: WireFace;
  another_face?: WireFace;
}

// ---- E3 quality ------------------------------------------------------------------------------------------
export interface WireQualityMeasures {
  distance2center: number;
  align_score: number;
  brightness: number;
  sharpness: number;
  mouth_open: number;
  missing: number;
  size: number;
}
export interface WireOcclusion {
  occlusion_total: number;
  eye: number;
  nose: number;
  mouth: number;
  eyebrow: number;
  face_line: number;
}
/** Measures are present only when `results[0].code === 0`. */
export interface QualityResponse extends TraceBody {
  results: WireResult[];
  face?: WireFace;
  angle?: WireAngle;
  quality?: WireQualityMeasures;
  occlusion?: WireOcclusion;
  /** clockwise rotation in degrees (0, 90, 180, 270) that makes the image upright */
  rotation_angle?: number;
}

// ---- E4/E5/E6 databases ----------------------------------------------------------------------------------
export interface WireDatabase {
  db_id: string;
  name: string;
  description: string;
  max_size: number;
  /** number of features stored now */
  size: number;
  object_type: 'OBJECT_FACE';
  feature_version: number;
  /** ISO 8601 */
  created_at: string;
}
export type CreateDatabaseResponse = TraceBody & WireDatabase;
/** The real cloud may list plain db_id strings; clients must accept both. */
export interface ListDatabasesResponse extends TraceBody {
  databases: Array<WireDatabase | string>;
}
export type DeleteDatabaseResponse = TraceBody;

// ---- E7 batch add ----------------------------------------------------------------------------------------
export interface WireFeature {
  feature_id: string;
  db_id: string;
  extra_info: string;
  created_at: string;
}
/** `features[i]` belongs to `images[i]`; null where `results[i].code !== 0`. */
export interface AddFeaturesResponse extends TraceBody {
  results: WireResult[];
  features: Array<(WireFeature & { face: WireFace }) | null>;
}

// ---- E8 search -------------------------------------------------------------------------------------------
export interface WireSearchHit {
  feature: WireFeature;
  score: number;
}
/** `batches[0].features` sorted by score descending; `batches[0].face` is the probe's detected face. */
export interface SearchResponse extends TraceBody {
  results: WireResult[];
  batches: Array<{ face?: WireFace; features: WireSearchHit[] }>;
}

// ---- E9/E11 single features (paths are this project's choice) --------------------------------------------
/** GET /{app_id}/databases/{db_id}/features?offset=&limit= */
export interface ListFeaturesResponse extends TraceBody {
  features: WireFeature[];
  total: number;
}
/** GET /{app_id}/databases/{db_id}/features/{feature_id} */
export interface GetFeatureResponse extends TraceBody {
  feature: WireFeature;
}
export type UpdateFeatureResponse = GetFeatureResponse;
/** DELETE /{app_id}/databases/{db_id}/features/{feature_id} */
export type DeleteFeatureResponse = TraceBody;

// ---- E10 system info -------------------------------------------------------------------------------------
/** GET /{app_id}/system/info */
export interface SystemInfoResponse extends TraceBody {
  version: string;
  feature_version: number;
  models: Record<string, string>;
  limits: { max_images_per_batch: number; max_image_bytes: number; min_face_pixels: number };
}
