/** Minimal GraphQL-over-HTTP clients for tests: JSON and multipart (GraphQL multipart request spec). */
import { readFileSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { join } from 'node:path';

export interface GraphQLResponse<T = any> {
  status: number;
  body: { data?: T; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
}

async function parse(response: Response): Promise<GraphQLResponse> {
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    throw new Error(`non-JSON answer ${response.status}: ${text.slice(0, 300)}`);
  }
}

export async function postJson(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return parse(response);
}

export interface UploadFile {
  /** dotted variable path(s), e.g. "variables.image.file" */
  path: string | string[];
  content: Blob;
  name?: string;
}

/** A multipart request; files are sent in the given order. */
export async function postMultipart(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  files: UploadFile[],
  headers: Record<string, string> = { 'apollo-require-preflight': 'true' },
): Promise<GraphQLResponse> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query, variables }));
  form.append('map', JSON.stringify(Object.fromEntries(files.map((file, i) => [String(i), [file.path].flat()]))));
  files.forEach((file, i) => form.append(String(i), file.content, file.name ?? `photo-${i}.jpg`));
  return parse(await fetch(url, { method: 'POST', headers, body: form }));
}

/** Real face photos shipped by the @vladmandic/face-api npm package (sample1..6.jpg). */
export function samplePhoto(n: number): Buffer {
  return readFileSync(join(__dirname, '../../../node_modules/@vladmandic/face-api/demo', `sample${n}.jpg`));
}

export function photoBlob(n: number): Blob {
  return new Blob([samplePhoto(n)], { type: 'image/jpeg' });
}

/** A valid 1x1 PNG: decodable, without any face. */
export const BLANK_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** Creates a database through the gateway and returns its id. */
export async function createDatabase(url: string, name: string, maxSize = 100): Promise<string> {
  const created = await postJson(url, 'mutation($name: String!, $maxSize: Int!) { createDatabase(name: $name, maxSize: $maxSize) { id } }', {
    name,
    maxSize,
  });
  if (!created.body.data) throw new Error(`createDatabase failed: ${JSON.stringify(created.body.errors)}`);
  return created.body.data.createDatabase.id;
}

/** A multipart POST to the gateway whose body the caller writes (part by part, byte by byte if it likes). */
export function openMultipart(url: string, boundary: string): ClientRequest {
  const target = new URL(url);
  return request({
    host: target.hostname,
    port: target.port,
    path: target.pathname,
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'apollo-require-preflight': 'true' },
  });
}
