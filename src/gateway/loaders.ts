/**
 * Per-request DataLoaders. The upstream can only list all databases, so every database lookup of one request
 * shares ONE list call: Feature.database across K matches in D databases costs one call, not K. Feature pages
 * are shared the same way: `features { database { features(limit: 1000) } }` asks for the same page once per
 * feature, and it is fetched once.
 */
import DataLoader from 'dataloader';
import type { FaceApiClient } from '../upstream/client';
import { UpstreamError } from '../upstream/errors';
import type { Database, Feature, FeaturePage } from '../upstream/parse';

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
    this.list ??= this.client.listDatabases();
    return this.list;
  }

  /** One page of a database's features, fetched at most once per request. */
  featurePage(databaseId: string, offset: number, limit: number): Promise<FeaturePage> {
    const key = JSON.stringify([databaseId, offset, limit]);
    let page = this.pages.get(key);
    if (!page) this.pages.set(key, (page = this.client.listFeatures(databaseId, offset, limit)));
    return page;
  }

  /** After a write in this request the cached lists are stale. */
  invalidate(): void {
    this.list = undefined;
    this.byId.clearAll();
    this.pages.clear();
  }
}

/** A feature's key: how other subgraphs reference a Feature entity (`@key(fields: "databaseId id")`). */
export interface FeatureKey {
  databaseId: string;
  id: string;
}

/** The upstream's largest page of features (the local Face API's and this schema's `limit` bound). */
export const FEATURE_PAGE_LIMIT = 1000;

/** One feature, or null when the upstream answers 404 (no such database or feature). */
export async function featureOrNull(client: FaceApiClient, databaseId: string, id: string): Promise<Feature | null> {
  try {
    return await client.getFeature(databaseId, id);
  } catch (error) {
    if (error instanceof UpstreamError && error.status === 404) return null;
    throw error;
  }
}

/**
 * Features by key, for Federation's `_entities`. The upstream has no "get many" call, so the keys of one
 * request are grouped by database: a single key costs one GET; several cost ONE list call of that database
 * (up to FEATURE_PAGE_LIMIT features). Only in a larger database are the keys not on that page fetched one
 * by one, so the cost stays bounded by the keys asked for, never by the database's size.
 */
export class FeatureLoader {
  readonly byKey: DataLoader<FeatureKey, Feature | null, string>;

  constructor(private readonly client: FaceApiClient) {
    this.byKey = new DataLoader((keys) => this.loadMany(keys), { cacheKeyFn: (key) => JSON.stringify([key.databaseId, key.id]) });
  }

  private async loadMany(keys: readonly FeatureKey[]): Promise<Array<Feature | null | Error>> {
    const byDatabase = new Map<string, string[]>();
    for (const { databaseId, id } of keys) byDatabase.set(databaseId, [...(byDatabase.get(databaseId) ?? []), id]);
    const found = new Map<string, Map<string, Feature | null> | Error>();
    await Promise.all(
      [...byDatabase].map(async ([databaseId, ids]) => {
        try {
          found.set(databaseId, await this.inDatabase(databaseId, ids));
        } catch (error) {
          found.set(databaseId, error instanceof Error ? error : new Error(String(error)));
        }
      }),
    );
    return keys.map(({ databaseId, id }) => {
      const features = found.get(databaseId)!;
      return features instanceof Error ? features : (features.get(id) ?? null);
    });
  }

  private async inDatabase(databaseId: string, ids: string[]): Promise<Map<string, Feature | null>> {
    if (ids.length === 1) return new Map([[ids[0], await featureOrNull(this.client, databaseId, ids[0])]]);
    let page: Feature[];
    try {
      page = (await this.client.listFeatures(databaseId, 0, FEATURE_PAGE_LIMIT)).features;
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 404) return new Map(ids.map((id) => [id, null]));
      throw error;
    }
    const features = new Map<string, Feature | null>(page.filter((feature) => ids.includes(feature.id)).map((feature) => [feature.id, feature]));
    const complete = page.length < FEATURE_PAGE_LIMIT;
    await Promise.all(
      ids
        .filter((id) => !features.has(id))
        .map(async (id) => features.set(id, complete ? null : await featureOrNull(this.client, databaseId, id))),
    );
    return features;
  }
}
