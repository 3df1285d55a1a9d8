import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';

/** GraphQL requests as a client sends them: JSON POSTs and multipart uploads (GraphQL multipart request spec). */

export interface GraphQLAnswer<Data> {
  status: number;
  data?: Data;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

async function parse<Data>(answer: Response): Promise<GraphQLAnswer<Data>> {
  const text = await answer.text();
  try {
    return { status: answer.status, ...(JSON.parse(text) as Omit<GraphQLAnswer<Data>, 'status'>) };
  } catch {
    throw new Error(`GraphQL answered HTTP ${answer.status} with non-JSON: ${text.slice(0, 300)}`);
  }
}

/** The headers of every GraphQL request of the bench: the gateway runs with API-key auth on. */
export function graphqlHeaders(clientApiKey: string): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${clientApiKey}` };
}

export async function postGraphQL<Data>(
  url: string,
  clientApiKey: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<GraphQLAnswer<Data>> {
  return parse(await fetch(url, { method: 'POST', headers: graphqlHeaders(clientApiKey), body: JSON.stringify({ query, variables }) }));
}

/**
 * Sends `query` with files streamed from disk: `files[i]` goes to the variable path `paths[i]`
 * (e.g. "variables.features.3.image.file"). Apollo's CSRF prevention requires the preflight header.
 */
export async function postMultipart<Data>(
  url: string,
  clientApiKey: string,
  query: string,
  variables: Record<string, unknown>,
  files: Array<{ path: string; mimeType: string; variablePath: string }>,
): Promise<GraphQLAnswer<Data>> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query, variables }));
  form.append('map', JSON.stringify(Object.fromEntries(files.map((file, i) => [String(i), [file.variablePath]]))));
  for (const [i, file] of files.entries()) {
    form.append(String(i), await openAsBlob(file.path, { type: file.mimeType }), basename(file.path));
  }
  return parse(await fetch(url, { method: 'POST', headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${clientApiKey}` }, body: form }));
}
