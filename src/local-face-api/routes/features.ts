import {
  DEFAULT_PAGE_SIZE,
  ErrorCodes,
  MAX_EXTRA_INFO_LENGTH,
  MAX_PAGE_SIZE,
  type AddFeaturesResponse,
  type GetFeatureResponse,
  type ListFeaturesResponse,
} from '../../face-api-contract';
import { badRequest, notFound } from '../http';
import { analyseImage, failureResult } from '../images';
import { expectBatch, expectObject, expectString, optionalString, parseImage } from '../validation';
import { checkFeatureVersion, unknownDatabase } from './databases';
import type { Route, RouteRequest, Services } from './route';

/** E7 batch add, and the project's single-feature routes (list, get, update extra_info, delete). */

function requireDatabase({ library }: Services, dbId: string): void {
  if (!library.store.getDatabase(dbId)) throw unknownDatabase(dbId);
}

function unknownFeature(dbId: string, featureId: string) {
  return notFound(`feature ${featureId} does not exist in feature database ${dbId}`);
}

function parseAddRequest(body: unknown) {
  const items = expectBatch(expectObject(body, 'body').images, 'images');
  return items.map((item, i) => {
    const entry = expectObject(item, `images[${i}]`);
    return {
      image: parseImage(entry.image, `images[${i}].image`),
      extraInfo: optionalString(entry.extra_info, `images[${i}].extra_info`, MAX_EXTRA_INFO_LENGTH),
    };
  });
}

async function addFeatures(services: Services, { params, body }: RouteRequest) {
  const items = parseAddRequest(body);
  const database = services.library.store.getDatabase(params.db_id);
  if (!database) throw unknownDatabase(params.db_id);
  checkFeatureVersion(database);
  const analysed = await Promise.all(
    items.map((item) => analyseImage(item.image, (bytes, rect) => services.engine.embedLargest(bytes, rect))),
  );
  const embedded = analysed.flatMap((outcome, i) =>
    outcome.ok ? [{ index: i, extraInfo: items[i].extraInfo, ...outcome.value }] : [],
  );
  // One transaction: capacity is granted in input order, the excess is refused and nothing is half-written.
  const stored = services.library.addFeatures(params.db_id, embedded);
  if (!stored) throw unknownDatabase(params.db_id);

  const response: Omit<AddFeaturesResponse, 'trace_id'> = {
    results: analysed.map((outcome) => outcome.result),
    features: items.map(() => null),
  };
  stored.forEach((outcome, k) => {
    const { index, face } = embedded[k];
    if ('feature' in outcome) {
      response.features[index] = { ...outcome.feature, face };
    } else {
      response.results[index] = failureResult(ErrorCodes.DATABASE_FULL, 'the feature database is full (max_size)');
    }
  });
  return response;
}

function pageParameter(query: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw badRequest(`query parameter ${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

export const featureRoutes: Route[] = [
  { method: 'POST', pattern: 'databases/:db_id/features', handle: addFeatures },
  {
    method: 'GET',
    pattern: 'databases/:db_id/features',
    handle(services, { params, query }): Omit<ListFeaturesResponse, 'trace_id'> {
      const offset = pageParameter(query, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
      const limit = pageParameter(query, 'limit', 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
      const database = services.library.store.getDatabase(params.db_id);
      if (!database) throw unknownDatabase(params.db_id);
      return { features: services.library.store.listFeatures(params.db_id, offset, limit), total: database.size };
    },
  },
  {
    method: 'GET',
    pattern: 'databases/:db_id/features/:feature_id',
    handle(services, { params }): Omit<GetFeatureResponse, 'trace_id'> {
      requireDatabase(services, params.db_id);
      const feature = services.library.store.getFeature(params.db_id, params.feature_id);
      if (!feature) throw unknownFeature(params.db_id, params.feature_id);
      return { feature };
    },
  },
  {
    method: 'POST',
    pattern: 'databases/:db_id/features/:feature_id',
    handle(services, { params, body }): Omit<GetFeatureResponse, 'trace_id'> {
      const extraInfo = expectString(expectObject(body, 'body').extra_info, 'extra_info', MAX_EXTRA_INFO_LENGTH);
      requireDatabase(services, params.db_id);
      const feature = services.library.store.updateExtraInfo(params.db_id, params.feature_id, extraInfo);
      if (!feature) throw unknownFeature(params.db_id, params.feature_id);
      return { feature };
    },
  },
  {
    method: 'DELETE',
    pattern: 'databases/:db_id/features/:feature_id',
    handle(services, { params }): object {
      requireDatabase(services, params.db_id);
      if (!services.library.deleteFeature(params.db_id, params.feature_id)) {
        throw unknownFeature(params.db_id, params.feature_id);
      }
      return {};
    },
  },
];
