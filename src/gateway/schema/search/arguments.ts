/** Arguments shared by every mutation that searches databases (searchFaces, identifyFaces). */
import { MAX_TOP_K } from '../../../face-api-contract';
import { badUserInput } from '../../errors';

/** the upstream's bounds and defaults (contract E8), spelled out in the SDL */
export { DEFAULT_MIN_SCORE, DEFAULT_TOP_K, MAX_TOP_K } from '../../../face-api-contract';

export function checkSearchArguments(databaseIds: string[], topK: number, minScore: number): void {
  if (databaseIds.length === 0) throw badUserInput('databaseIds must name at least one database', { argument: 'databaseIds' });
  if (topK < 1 || topK > MAX_TOP_K) throw badUserInput(`topK must be 1..${MAX_TOP_K}`, { argument: 'topK' });
  if (!(minScore >= 0 && minScore <= 1)) throw badUserInput('minScore must be 0..1', { argument: 'minScore' });
}
