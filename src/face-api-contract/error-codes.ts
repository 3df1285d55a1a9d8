/**
 * Error codes. Request-level: HTTP status + body { code, message, trace_id }.
 * Per-image: HTTP 200 and results[i] = { code, message, internal_code }.
 */
export const ErrorCodes = {
  SUCCESS: 0,
  // request-level
  INVALID_ARGUMENT: 3, // 400
  NOT_FOUND: 5, // 404
  PERMISSION_DENIED: 7, // 403: the path's app_id is not the signing key's app (local Face API's choice)
  FAILED_PRECONDITION: 9, // 409: the database holds features of another feature_version (local Face API's choice)
  PAYLOAD_TOO_LARGE: 8, // 413
  INTERNAL: 13, // 500
  UNAVAILABLE: 14, // 503
  // per-image
  INVALID_IMAGE_DATA: 1001, // not base64, or not decodable
  UNSUPPORTED_IMAGE_FORMAT: 1002,
  IMAGE_TOO_LARGE: 1003, // decoded >= 8 MB
  NO_FACE: 1004,
  FACE_TOO_SMALL: 1005, // largest face < 32x32
  INVALID_RECTANGLE: 1006,
  DATABASE_FULL: 1007, // max_size reached
} as const;
