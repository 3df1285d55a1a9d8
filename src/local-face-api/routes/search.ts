import { DEFAULT_TOP_K, MAX_DB_ID_LENGTH, MAX_DB_IDS, MAX_TOP_K, type SearchResponse } from '../../face-api-contract';
import { notFound } from '../http';
import { analyseImage } from '../images';
import { expectArray, expectObject, expectString, optionalInteger, optionalNumber, parseImage } from '../validation';
import { checkFeatureVersion } from './databases';
import type { Route } from './route';

/** E8: 1:N search of the probe's largest face across one or more feature databases. */

export const searchRoutes: Route[] = [
  {
    method: 'POST',
    pattern: 'databases/search',
    async handle({ engine, library }, { body }): Promise<Omit<SearchResponse, 'trace_id'>> {
      const input = expectObject(body, 'body');
      const image = parseImage(input.image, 'image');
      const dbIds = expectArray(input.db_ids, 'db_ids', MAX_DB_IDS).map((id, i) =>
        expectString(id, `db_ids[${i}]`, MAX_DB_ID_LENGTH, false),
      );
      const topK = optionalInteger(input.top_k, 'top_k', 1, MAX_TOP_K, DEFAULT_TOP_K);
      const minScore = optionalNumber(input.min_score, 'min_score', 0, 1, 0);
      const databases = dbIds.map((dbId) => library.store.getDatabase(dbId));
      const missing = dbIds.filter((_, i) => !databases[i]);
      if (missing.length > 0) throw notFound(`feature database(s) ${missing.join(', ')} do not exist`);
      for (const database of databases) checkFeatureVersion(database!);

      const probe = await analyseImage(image, (bytes, rect) => engine.embedLargest(bytes, rect));
      if (!probe.ok) return { results: [probe.result], batches: [{ features: [] }] };
      // A database deleted while the probe was analysed no longer contributes.
      const live = dbIds.filter((dbId) => library.store.getDatabase(dbId));
      const features = library.search(live, probe.value.embedding, topK, minScore);
      return { results: [probe.result], batches: [{ face: probe.value.face, features }] };
    },
  },
];
