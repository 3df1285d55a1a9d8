import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';

/**
 * One small GraphQL-over-HTTP client for the tests, the bench and the scripts: JSON requests, and multipart uploads
 * per the GraphQL multipart request spec (`Apollo-Require-Preflight` satisfies the gateway's CSRF prevention).
 * `postJson`/`postMultipart` return the answer as it came; `createGraphQLClient` throws on GraphQL errors.
 */

export class GraphQLRequestError extends Error {
  /** extensions.code of each GraphQL error, or HTTP_<status> when the answer was not GraphQL */
  constructor(
    message: string,
    readonly codes: string[],
  ) {
    super(message);
  }
}

export interface GraphQLResponse<T = any> {
  status: number;
  body: { data?: T; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
}

/** `authorization: Bearer <key>`, or nothing without a key */
export function bearer(apiKey?: string): Record<string, string> {
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
}

/** The headers of a JSON GraphQL request (as sent by `postJson`, or by a load generator with a prepared body). */
export function jsonHeaders(apiKey?: string): Record<string, string> {
  return { 'content-type': 'application/json', ...bearer(apiKey) };
}

async function parse<T>(response: Response): Promise<GraphQLResponse<T>> {
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    throw new GraphQLRequestError(`non-JSON answer ${response.status} from ${response.url}: ${text.slice(0, 300)}`, [`HTTP_${response.status}`]);
  }
}

/** A POST of any body (a hostile one, say); the answer must still be JSON. */
export async function postBody<T = any>(url: string, body: string | Buffer | FormData, headers: Record<string, string>): Promise<GraphQLResponse<T>> {
  return parse(await fetch(url, { method: 'POST', headers, body }));
}

export function postJson<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  return postBody(url, JSON.stringify({ query, variables }), { 'content-type': 'application/json', ...headers });
}

export interface UploadFile {
  /** dotted variable path(s), e.g. "variables.image.file" */
  path: string | string[];
  content: Blob;
  name?: string;
}

/** A multipart request; files are sent in the given order. `headers` replace the default preflight header. */
export async function postMultipart<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  files: UploadFile[],
  headers: Record<string, string> = { 'apollo-require-preflight': 'true' },
): Promise<GraphQLResponse<T>> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query, variables }));
  form.append('map', JSON.stringify(Object.fromEntries(files.map((file, i) => [String(i), [file.path].flat()]))));
  files.forEach((file, i) => form.append(String(i), file.content, file.name ?? `photo-${i}.jpg`));
  return postBody(url, form, headers);
}

/** A file on disk to send as an upload, streamed from disk with its name. */
export async function uploadFromDisk(variablePath: string, filePath: string, mimeType?: string): Promise<UploadFile> {
  return { path: variablePath, content: await openAsBlob(filePath, mimeType ? { type: mimeType } : undefined), name: basename(filePath) };
}

/** Marks a variable value as a file to upload (for `createGraphQLClient`). */
export class FileUpload {
  constructor(readonly path: string) {}
}

/** Replaces FileUpload values with null and collects them as uploads at their variable paths. */
function extractFiles(value: unknown, path: string, files: Array<Promise<UploadFile>>): unknown {
  if (value instanceof FileUpload) {
    files.push(uploadFromDisk(path, value.path));
    return null;
  }
  if (Array.isArray(value)) return value.map((item, index) => extractFiles(item, `${path}.${index}`, files));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, extractFiles(item, `${path}.${key}`, files)]));
  }
  return value;
}

/** For scripts: an `execute(query, variables)` that returns `data` and throws GraphQLRequestError otherwise. */
export function createGraphQLClient(options: { url: string; apiKey?: string }) {
  return async function execute<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const uploads: Array<Promise<UploadFile>> = [];
    const plainVariables = extractFiles(variables, 'variables', uploads) as Record<string, unknown>;
    const answer = uploads.length === 0
      ? await postJson<T>(options.url, query, plainVariables, bearer(options.apiKey))
      : await postMultipart<T>(options.url, query, plainVariables, await Promise.all(uploads), { 'apollo-require-preflight': 'true', ...bearer(options.apiKey) });
    const { errors, data } = answer.body;
    if (errors?.length) {
      const codes = errors.map((error) => error.extensions?.code ?? 'ERROR');
      throw new GraphQLRequestError(errors.map((error, i) => `${codes[i]}: ${error.message}`).join('; '), codes);
    }
    if (!data) throw new GraphQLRequestError(`HTTP ${answer.status}: no data in the answer`, [`HTTP_${answer.status}`]);
    return data;
  };
}
