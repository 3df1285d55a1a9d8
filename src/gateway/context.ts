/** The GraphQL context, built once per request. */
import type { FaceApiClient } from '../upstream/client';
import { DatabaseLoaders } from './loaders';
import { UploadQueue } from './uploads';

export interface GatewayContext {
  client: FaceApiClient;
  databases: DatabaseLoaders;
  uploads: UploadQueue;
}

export function createContext(client: FaceApiClient): GatewayContext {
  return { client, databases: new DatabaseLoaders(client), uploads: new UploadQueue() };
}
