import {
  CreateDatabaseRequest,
  ErrorCodes,
  type CreateDatabaseResponse,
  type DeleteDatabaseResponse,
  type ListDatabasesResponse,
  type WireDatabase,
} from '../../face-api-contract';
import { ApiError, notFound } from '../http';
import { FEATURE_VERSION } from '../store';
import { parseBody } from '../validation';
import type { Answer, Route } from './route';

/** E4/E5/E6: create, list and delete feature databases. */

export function unknownDatabase(dbId: string) {
  return notFound(`feature database ${dbId} does not exist`);
}

/**
 * Features computed by another face model cannot be compared with today's: adding to or searching such a
 * database is refused as a whole (409) rather than answering meaningless scores. Reading and deleting still work.
 */
export function checkFeatureVersion(database: WireDatabase): void {
  if (database.feature_version === FEATURE_VERSION) return;
  throw new ApiError(
    409,
    ErrorCodes.FAILED_PRECONDITION,
    `feature database ${database.db_id} holds features of feature_version ${database.feature_version}, ` +
      `but this server computes feature_version ${FEATURE_VERSION} (another face model): they cannot be compared. ` +
      'Re-enrol: create a new database, add the photos again, then delete this one.',
  );
}

export const databaseRoutes: Route[] = [
  {
    method: 'POST',
    pattern: 'databases',
    handle({ library }, { body }): Answer<CreateDatabaseResponse> {
      const { name, description, max_size } = parseBody(CreateDatabaseRequest, body);
      return library.store.createDatabase({ name, description: description ?? '', maxSize: max_size });
    },
  },
  {
    method: 'GET',
    pattern: 'databases',
    handle({ library }): Answer<ListDatabasesResponse> {
      return { databases: library.store.listDatabases() };
    },
  },
  {
    method: 'DELETE',
    pattern: 'databases/:db_id',
    handle({ library }, { params }): Answer<DeleteDatabaseResponse> {
      if (!library.deleteDatabase(params.db_id)) throw unknownDatabase(params.db_id);
      return {};
    },
  },
];
