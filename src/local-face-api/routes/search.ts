import { DEFAULT_MIN_SCORE, DEFAULT_TOP_K, SearchRequest, type SearchResponse } from '../../face-api-contract';
import { notFound } from '../http';
import { analyseImage } from '../images';
import { parseBody } from '../validation';
import { checkFeatureVersion } from './databases';
import type { Answer, Route } from './route';

/** E8: 1:N search of the probe's largest face across one or more feature databases. */

export const searchRoutes: Route[] = [
  {
    method: 'POST',
    pattern: 'databases/search',
    async handle({ engine, library }, { body }): Promise<Answer<SearchResponse>> {
      const { image, db_ids: dbIds, top_k: topK, min_score: minScore } = parseBody(SearchRequest, body);
      const databases = dbIds.map((dbId) => library.store.getDatabase(dbId));
      const missing = dbIds.filter((_, i) => !databases[i]);
      if (missing.length > 0) throw notFound(`feature database(s) ${missing.join(', ')} do not exist`);
      for (const database of databases) checkFeatureVersion(database!);

      const probe = await analyseImage(image, (bytes, rect) => engine.embedLargest(bytes, rect));
      if (!probe.ok) return { results: [probe.result], batches: [{ features: [] }] };
      // A database deleted while the probe was analysed no longer contributes.
      const live = dbIds.filter((dbId) => library.store.getDatabase(dbId));
      const features = library.search(live, probe.value.embedding, topK ?? DEFAULT_TOP_K, minScore ?? DEFAULT_MIN_SCORE);
      return { results: [probe.result], batches: [{ face: probe.value.face, features }] };
    },
  },
];
