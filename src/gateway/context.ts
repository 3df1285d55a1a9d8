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

/** `client` is scoped to this operation: its upstream calls share one call cap and one deadline. */
export function createContext(client: FaceApiClient, principal: Principal): GatewayContext {
  const scoped = client.forOperation();
  return { client: scoped, principal, databases: new DatabaseLoaders(scoped), uploads: new UploadQueue() };
}
