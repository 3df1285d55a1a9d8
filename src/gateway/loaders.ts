/**
 * Per-request DataLoaders. The upstream can only list all databases, so every database lookup of one request
 * shares ONE list call: Feature.database across K matches in D databases costs one call, not K.
 */
import DataLoader from 'dataloader';
import type { FaceApiClient } from '../upstream/client';
import type { Database } from '../upstream/parse';
import { upstream } from './errors';

export class DatabaseLoaders {
  private list?: Promise<Database[]>;
  readonly byId: DataLoader<string, Database | null>;

  constructor(private readonly client: FaceApiClient) {
    this.byId = new DataLoader(async (ids) => {
      const all = await this.all();
      const index = new Map(all.map((db) => [db.id, db]));
      return ids.map((id) => index.get(id) ?? null);
    });
  }

  /** Every database, fetched at most once per request. */
  all(): Promise<Database[]> {
    this.list ??= upstream(() => this.client.listDatabases());
    return this.list;
  }

  /** After a create or delete in this request the cached list is stale. */
  invalidate(): void {
    this.list = undefined;
    this.byId.clearAll();
  }
}
