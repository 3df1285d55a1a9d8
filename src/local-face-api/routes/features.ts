import {
  AddFeaturesRequest,
  DEFAULT_PAGE_SIZE,
  ErrorCodes,
  MAX_PAGE_SIZE,
  UpdateFeatureRequest,
  type AddFeaturesResponse,
  type DeleteFeatureResponse,
  type GetFeatureResponse,
  type ListFeaturesResponse,
  type UpdateFeatureResponse,
} from '../../face-api-contract';
import { badRequest, notFound } from '../http';
import { analyseImage, failureResult } from '../images';
import { parseBody } from '../validation';
import { checkFeatureVersion, unknownDatabase } from './databases';
import type { Answer, Route, RouteRequest, Services } from './route';

/** E7 batch add, and the project's single-feature routes (list, get, update extra_info, delete). */

function requireDatabase({ library }: Services, dbId: string): void {
  if (!library.store.getDatabase(dbId)) throw unknownDatabase(dbId);
}

function unknownFeature(dbId: string, featureId: string) {
  return notFound(`feature ${featureId} does not exist in feature database ${dbId}`);
}

async function addFeatures(services: Services, { params, body }: RouteRequest) {
  const items = parseBody(AddFeaturesRequest, body).images;
  const database = services.library.store.getDatabase(params.db_id);
  if (!database) throw unknownDatabase(params.db_id);
  checkFeatureVersion(database);
  const analysed = await Promise.all(
    items.map((item) => analyseImage(item.image, (bytes, rect) => services.engine.embedLargest(bytes, rect))),
  );
  const embedded = analysed.flatMap((outcome, i) =>
    outcome.ok ? [{ index: i, extraInfo: items[i].extra_info ?? '', ...outcome.value }] : [],
  );
  // One transaction: capacity is granted in input order, the excess is refused and nothing is half-written.
  const stored = services.library.addFeatures(params.db_id, embedded);
  if (!stored) throw unknownDatabase(params.db_id);

  const response: Answer<AddFeaturesResponse> = {
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
    handle(services, { params, query }): Answer<ListFeaturesResponse> {
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
    handle(services, { params }): Answer<GetFeatureResponse> {
      requireDatabase(services, params.db_id);
      const feature = services.library.store.getFeature(params.db_id, params.feature_id);
      if (!feature) throw unknownFeature(params.db_id, params.feature_id);
      return { feature };
    },
  },
  {
    method: 'POST',
    pattern: 'databases/:db_id/features/:feature_id',
    handle(services, { params, body }): Answer<UpdateFeatureResponse> {
      const { extra_info } = parseBody(UpdateFeatureRequest, body);
      requireDatabase(services, params.db_id);
      const feature = services.library.store.updateExtraInfo(params.db_id, params.feature_id, extra_info);
      if (!feature) throw unknownFeature(params.db_id, params.feature_id);
      return { feature };
    },
  },
  {
    method: 'DELETE',
    pattern: 'databases/:db_id/features/:feature_id',
    handle(services, { params }): Answer<DeleteFeatureResponse> {
      requireDatabase(services, params.db_id);
      if (!services.library.deleteFeature(params.db_id, params.feature_id)) {
        throw unknownFeature(params.db_id, params.feature_id);
      }
      return {};
    },
  },
];
