/** GraphQL helpers of the gateway tests; the client itself is tools/graphql-client.ts, shared with bench and scripts. */
import { readFileSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { join } from 'node:path';
import { postJson } from '../../../tools/graphql-client';

export { bearer, postBody, postJson, postMultipart, type GraphQLResponse, type UploadFile } from '../../../tools/graphql-client';

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
