/** The GraphQL context, built once per request. */
import type { FaceApiClient } from '../upstream/client';
import type { AccessContext } from './access/auth-checker';
import type { Principal } from './access/scopes';
import { DatabaseLoaders, FeatureLoader } from './loaders';
import { UploadQueue } from './uploads';

export interface GatewayContext extends AccessContext {
  client: FaceApiClient;
  databases: DatabaseLoaders;
  /** features by key (Federation `_entities`) */
  features: FeatureLoader;
  uploads: UploadQueue;
}

export function createContext(client: FaceApiClient, principal: Principal): GatewayContext {
  return { client, principal, databases: new DatabaseLoaders(client), features: new FeatureLoader(client), uploads: new UploadQueue() };
}
