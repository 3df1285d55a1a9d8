import { MAX_COORDINATE, MAX_IMAGES_PER_BATCH, type WireImage, type WireRectangle } from '../face-api-contract';
import { badRequest } from './http';

/**
 * Request-level validation: each check names the offending field (JSON path) in its 400 message.
 * Unknown fields are ignored, as a tolerant server should.
 */

export type JsonObject = Record<string, unknown>;

export function expectObject(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(`${path} must be a JSON object`);
  }
  return value as JsonObject;
}

export function expectString(value: unknown, path: string, maxLength: number, allowEmpty = true): string {
  if (typeof value !== 'string') throw badRequest(`${path} must be a string`);
  if (!allowEmpty && value.trim() === '') throw badRequest(`${path} must not be empty`);
  if (value.length > maxLength) throw badRequest(`${path} must be at most ${maxLength} characters`);
  return value;
}

export function optionalString(value: unknown, path: string, maxLength: number, fallback = ''): string {
  return value === undefined || value === null ? fallback : expectString(value, path, maxLength);
}

export function expectInteger(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badRequest(`${path} must be an integer from ${min} to ${max}`);
  }
  return value;
}

export function optionalInteger(value: unknown, path: string, min: number, max: number, fallback: number): number {
  return value === undefined || value === null ? fallback : expectInteger(value, path, min, max);
}

export function optionalNumber(value: unknown, path: string, min: number, max: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw badRequest(`${path} must be a number from ${min} to ${max}`);
  }
  return value;
}

/** A non-empty array of at most `max` elements. */
export function expectArray(value: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw badRequest(`${path} must be an array`);
  if (value.length === 0) throw badRequest(`${path} must not be empty`);
  if (value.length > max) throw badRequest(`${path} holds ${value.length} elements, at most ${max} are allowed`);
  return value;
}

function parseRectangle(value: unknown, path: string): WireRectangle {
  const rect = expectObject(value, path);
  return {
    top: expectInteger(rect.top, `${path}.top`, 0, MAX_COORDINATE),
    left: expectInteger(rect.left, `${path}.left`, 0, MAX_COORDINATE),
    width: expectInteger(rect.width, `${path}.width`, 1, MAX_COORDINATE),
    height: expectInteger(rect.height, `${path}.height`, 1, MAX_COORDINATE),
  };
}

/**
 * An Image object { data, rectangle? }. A `data:` URI prefix is refused (the contract sends raw base64 and the
 * cloud would fail to decode it), so that code that works here also works against the cloud.
 */
export function parseImage(value: unknown, path: string): WireImage {
  const image = expectObject(value, path);
  if (typeof image.data !== 'string') throw badRequest(`${path}.data must be a base64 string`);
  if (/^\s*data:/i.test(image.data.slice(0, 64))) {
    throw badRequest(`${path}.data must be plain base64: remove the "data:...;base64," URI prefix`);
  }
  const parsed: WireImage = { data: image.data };
  if (image.rectangle !== undefined && image.rectangle !== null) {
    parsed.rectangle = parseRectangle(image.rectangle, `${path}.rectangle`);
  }
  return parsed;
}

/** A batch of 1..16 elements. */
export function expectBatch(value: unknown, path: string): unknown[] {
  return expectArray(value, path, MAX_IMAGES_PER_BATCH);
}
