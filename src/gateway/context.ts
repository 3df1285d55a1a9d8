/** The GraphQL context, built once per request. */
import type { FaceApiClient } from '../upstream/client';
import { DatabaseLoaders } from './loaders';

export interface GatewayContext {
  client: FaceApiClient;
  databases: DatabaseLoaders;
}

export function createContext(client: FaceApiClient): GatewayContext {
  return { client, databases: new DatabaseLoaders(client) };
}
