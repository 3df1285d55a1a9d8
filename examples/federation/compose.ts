/**
 * Composes the supergraph of supergraph.yaml (Rover's format) with @theguild/federation-composition: each
 * subgraph's SDL comes from its file or from the running subgraph (`_service { sdl }`, with the given headers).
 * Composition fails with every error it found (unknown types, conflicting field types, invalid @key fields,
 * fields two subgraphs resolve without being shareable, ...).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { composeServices, compositionHasErrors } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { parse as parseYaml } from 'yaml';

interface SubgraphConfig {
  routing_url: string;
  schema: { file: string } | { subgraph_url: string };
}

export interface SupergraphConfig {
  subgraphs: Record<string, SubgraphConfig>;
}

export function readSupergraphConfig(path: string): SupergraphConfig {
  const config = parseYaml(readFileSync(path, 'utf8')) as SupergraphConfig;
  // schema files are relative to the config file, as with Rover
  for (const subgraph of Object.values(config.subgraphs)) {
    if ('file' in subgraph.schema) subgraph.schema.file = resolve(dirname(path), subgraph.schema.file);
  }
  return config;
}

/** The subgraph's SDL as it serves it to routers. */
export async function fetchSubgraphSdl(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = (await response.json()) as { data?: { _service: { sdl: string } }; errors?: unknown };
  if (!body.data) throw new Error(`${url} did not serve its SDL (HTTP ${response.status}): ${JSON.stringify(body.errors)}`);
  return body.data._service.sdl;
}

/** The supergraph SDL, or an Error listing every composition error. */
export async function composeSupergraph(config: SupergraphConfig, headers: Record<string, string> = {}): Promise<string> {
  const services = await Promise.all(
    Object.entries(config.subgraphs).map(async ([name, subgraph]) => ({
      name,
      url: subgraph.routing_url,
      typeDefs: parse(
        'file' in subgraph.schema ? readFileSync(subgraph.schema.file, 'utf8') : await fetchSubgraphSdl(subgraph.schema.subgraph_url, headers),
      ),
    })),
  );
  const result = composeServices(services);
  if (compositionHasErrors(result)) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `  - ${error.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
