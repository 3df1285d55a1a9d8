import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';

/**
 * A small GraphQL client for scripts: JSON requests, and multipart uploads per the GraphQL multipart request
 * spec (files stream from disk; `Apollo-Require-Preflight` satisfies the gateway's CSRF prevention).
 */
export interface GraphQLClientOptions {
  url: string;
  apiKey?: string;
}

export class GraphQLRequestError extends Error {
  /** extensions.code of each GraphQL error, or HTTP_<status> when the answer was not GraphQL */
  constructor(
    message: string,
    readonly codes: string[],
  ) {
    super(message);
  }
}

/** Marks a variable value as a file to upload. */
export class FileUpload {
  constructor(readonly path: string) {}
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Replaces FileUpload values with null and returns their variable paths (multipart `map`). */
function extractFiles(value: unknown, path: string, files: Array<[string, FileUpload]>): Json {
  if (value instanceof FileUpload) {
    files.push([path, value]);
    return null;
  }
  if (Array.isArray(value)) return value.map((item, index) => extractFiles(item, `${path}.${index}`, files));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, extractFiles(item, `${path}.${key}`, files)]));
  }
  return value as Json;
}

export function createGraphQLClient(options: GraphQLClientOptions) {
  const authorization: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};

  return async function execute<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const files: Array<[string, FileUpload]> = [];
    const plainVariables = extractFiles(variables, 'variables', files);
    let body: string | FormData;
    let headers: Record<string, string> = { ...authorization };
    if (files.length === 0) {
      body = JSON.stringify({ query, variables: plainVariables });
      headers = { ...headers, 'content-type': 'application/json' };
    } else {
      const form = new FormData();
      form.append('operations', JSON.stringify({ query, variables: plainVariables }));
      form.append('map', JSON.stringify(Object.fromEntries(files.map(([path], index) => [String(index), [path]]))));
      for (const [index, [, file]] of files.entries()) {
        form.append(String(index), await openAsBlob(file.path), basename(file.path));
      }
      body = form;
      headers = { ...headers, 'apollo-require-preflight': 'true' };
    }
    const response = await fetch(options.url, { method: 'POST', headers, body });
    const text = await response.text();
    let payload: { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    try {
      payload = JSON.parse(text);
    } catch {
      throw new GraphQLRequestError(`HTTP ${response.status} from ${options.url}: ${text.slice(0, 200)}`, [`HTTP_${response.status}`]);
    }
    if (payload.errors?.length) {
      const messages = payload.errors.map((error) => `${error.extensions?.code ?? 'ERROR'}: ${error.message}`);
      throw new GraphQLRequestError(messages.join('; '), payload.errors.map((error) => error.extensions?.code ?? 'ERROR'));
    }
    if (!payload.data) throw new GraphQLRequestError(`HTTP ${response.status}: no data in the answer`, [`HTTP_${response.status}`]);
    return payload.data;
  };
}
