import {
  ErrorCodes,
  MAX_DATABASE_SIZE,
  MAX_DESCRIPTION_LENGTH,
  MAX_NAME_LENGTH,
  type CreateDatabaseResponse,
  type DeleteDatabaseResponse,
  type ListDatabasesResponse,
  type WireDatabase,
} from '../../face-api-contract';
import { ApiError, notFound } from '../http';
import { FEATURE_VERSION } from '../store';
import { expectInteger, expectObject, expectString, optionalString } from '../validation';
import type { Route } from './route';

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
    handle({ library }, { body }): Omit<CreateDatabaseResponse, 'trace_id'> {
      const input = expectObject(body, 'body');
      return library.store.createDatabase({
        name: expectString(input.name, 'name', MAX_NAME_LENGTH, false),
        description: optionalString(input.description, 'description', MAX_DESCRIPTION_LENGTH),
        maxSize: expectInteger(input.max_size, 'max_size', 1, MAX_DATABASE_SIZE),
      });
    },
  },
  {
    method: 'GET',
    pattern: 'databases',
    handle({ library }): Omit<ListDatabasesResponse, 'trace_id'> {
      return { databases: library.store.listDatabases() };
    },
  },
  {
    method: 'DELETE',
    pattern: 'databases/:db_id',
    handle({ library }, { params }): Omit<DeleteDatabaseResponse, 'trace_id'> {
      if (!library.deleteDatabase(params.db_id)) throw unknownDatabase(params.db_id);
      return {};
    },
  },
];
