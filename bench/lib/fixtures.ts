import type { AddFeaturesRequest, AddFeaturesResponse, CreateDatabaseResponse } from '../../src/face-api-contract';
import { callRest, type Upstream } from './rest';

/** Test data set up through the REST API itself, before measuring. */

export async function createDatabase(upstream: Upstream, name: string, maxSize: number): Promise<string> {
  const created = await callRest<CreateDatabaseResponse>(
    upstream,
    'POST',
    '/databases',
    JSON.stringify({ name, description: 'created by npm run bench', max_size: maxSize }),
  );
  return created.db_id;
}

export function addFeaturesBody(images: string[], extraInfo: (index: number) => string): string {
  const body: AddFeaturesRequest = { images: images.map((data, i) => ({ image: { data }, extra_info: extraInfo(i) })) };
  return JSON.stringify(body);
}

/** Adds base64 images to a database; throws unless every image became a feature. */
export async function enrol(upstream: Upstream, dbId: string, images: string[], extraInfo: (index: number) => string): Promise<string[]> {
  const answer = await callRest<AddFeaturesResponse>(upstream, 'POST', `/databases/${dbId}/features`, addFeaturesBody(images, extraInfo));
  const failed = answer.results.filter((result) => result.code !== 0);
  if (failed.length > 0) throw new Error(`enrolment failed for ${failed.length} image(s): ${JSON.stringify(failed[0])}`);
  return answer.features.map((feature) => feature!.feature_id);
}
