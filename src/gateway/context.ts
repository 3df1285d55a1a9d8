/** The GraphQL context, built once per request. */
import type { FaceApiClient } from '../upstream/client';
import type { AccessContext } from './access/auth-checker';
import type { Principal } from './access/scopes';
import { DatabaseLoaders } from './loaders';
import { UploadQueue } from './uploads';

export interface GatewayContext extends AccessContext {
  client: FaceApiClient;
  databases: DatabaseLoaders;
  uploads: UploadQueue;
}

export function createContext(client: FaceApiClient, principal: Principal): GatewayContext {
  return { client, principal, databases: new DatabaseLoaders(client), uploads: new UploadQueue() };
}
