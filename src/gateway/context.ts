/** The GraphQL context, built once per request. */
import type { RequestRecord } from '../observability/request-record';
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
  /** what this request did, for its log line, metrics and spans (absent when built outside an HTTP request) */
  request?: RequestRecord;
}

/**
 * `client` is scoped to this operation: its upstream calls share one call cap and one deadline. With `request`,
 * `client` is already that request's observed view (GatewayObservability.clientFor).
 */
export function createContext(client: FaceApiClient, principal: Principal, request?: RequestRecord): GatewayContext {
  if (request) request.client = principal.id;
  const scoped = client.forOperation();
  return { client: scoped, principal, databases: new DatabaseLoaders(scoped), features: new FeatureLoader(scoped), uploads: new UploadQueue(), request };
}
