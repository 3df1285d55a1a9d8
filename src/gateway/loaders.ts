/**
 * Per-request DataLoaders. The upstream can only list all databases, so every database lookup of one request
 * shares ONE list call: Feature.database across K matches in D databases costs one call, not K. Feature pages
 * are shared the same way: `features { database { features(limit: 1000) } }` asks for the same page once per
 * feature, and it is fetched once.
 */
import DataLoader from 'dataloader';
import type { FaceApiClient } from '../upstream/client';
import type { Database, FeaturePage } from '../upstream/parse';
import { upstream } from './errors';

export class DatabaseLoaders {
  private list?: Promise<Database[]>;
  readonly byId: DataLoader<string, Database | null>;
  private readonly pages = new Map<string, Promise<FeaturePage>>();

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

  /** One page of a database's features, fetched at most once per request. */
  featurePage(databaseId: string, offset: number, limit: number): Promise<FeaturePage> {
    const key = JSON.stringify([databaseId, offset, limit]);
    let page = this.pages.get(key);
    if (!page) this.pages.set(key, (page = upstream(() => this.client.listFeatures(databaseId, offset, limit))));
    return page;
  }

  /** After a write in this request the cached lists are stale. */
  invalidate(): void {
    this.list = undefined;
    this.byId.clearAll();
    this.pages.clear();
  }
}
