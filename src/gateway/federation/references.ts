/**
 * Reference resolvers of the entities: how `_entities` turns a router's representations into objects (its
 * scope check is in subgraph-schema.ts). Lookups go through the request's DataLoaders: N databases cost one
 * upstream list; N features cost one list per database.
 */
import type { GatewayContext } from '../context';
import { FeatureDatabase } from '../schema/databases/types';
import { Feature } from '../schema/features/types';

type ReferenceResolver<T> = (reference: Record<string, unknown>, context: GatewayContext) => Promise<T | null>;

/** A key field as the router sent it: IDs arrive as strings (or numbers); anything else matches nothing. */
function idOf(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

const resolveDatabase: ReferenceResolver<FeatureDatabase> = async (reference, context) => {
  const id = idOf(reference.id);
  const found = id === null ? null : await context.databases.byId.load(id);
  return found ? FeatureDatabase.from(found) : null;
};

const resolveFeature: ReferenceResolver<Feature> = async (reference, context) => {
  const databaseId = idOf(reference.databaseId);
  const id = idOf(reference.id);
  const found = databaseId === null || id === null ? null : await context.features.byKey.load({ databaseId, id });
  return found ? Feature.from(found) : null;
};

export const referenceResolvers = {
  FeatureDatabase: { __resolveReference: resolveDatabase },
  Feature: { __resolveReference: resolveFeature },
};
