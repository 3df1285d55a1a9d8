/** The GraphQL context, built once per request. */
import type { RequestRecord } from '../observability/request-record';
import type { FaceApiClient } from '../upstream/client';
import type { UpstreamObserver } from '../upstream/observer';
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
 * `client` is scoped to this operation: its upstream calls share one call cap and one deadline, and, when the
 * request is observed, are reported to its record (log line, metrics, spans).
 */
export function createContext(client: FaceApiClient, principal: Principal, observed?: { record: RequestRecord; observer: UpstreamObserver }): GatewayContext {
  const scoped = client.forOperation();
  if (observed) {
    scoped.reportTo(observed.observer);
    observed.record.client = principal.id;
  }
  const { record } = observed ?? {};
  return { client: scoped, principal, databases: new DatabaseLoaders(scoped), features: new FeatureLoader(scoped), uploads: new UploadQueue(), request: record };
}
