/** Search a probe photo in the selected database: its face box and the ranked matches with score and extraInfo. */
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import type { ConsoleSearchFacesMutation } from '../gql/graphql';
import { FacePhoto, PhotoPicker } from './FacePhoto';
import { errorMessage, outcomeMessage } from './messages';
import { SearchFacesDocument } from './operations';

type Result = ConsoleSearchFacesMutation['searchFaces'];

export function Search({ databaseId }: { databaseId?: string }) {
  const [searchFaces, { loading }] = useMutation(SearchFacesDocument);
  const [probe, setProbe] = useState<File>();
  const [result, setResult] = useState<Result>();
  const [error, setError] = useState<string>();
  const [topK, setTopK] = useState(2);
  const [minScore, setMinScore] = useState(0.8);

  async function search(files: File[]) {
    const file = files[0];
    if (!file || !databaseId) return;
    setProbe(file);
    setResult(undefined);
    setError(undefined);
    try {
      const { data } = await searchFaces({ variables: { databaseIds: [databaseId], image: { file }, topK, minScore } });
      setResult(data?.searchFaces);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  return (
    <section aria-labelledby="search-title">
      <h2 id="search-title">4. Search a face</h2>
      {!databaseId ? (
        <p>Select or create a database first.</p>
      ) : (
        <div className="row">
          <label>
            Best <input type="number" min={1} max={100} value={topK} onChange={(event) => setTopK(Number(event.target.value))} /> matches
          </label>
          <label>
            scoring at least <input type="number" min={0} max={1} step={0.05} value={minScore} onChange={(event) => setMinScore(Number(event.target.value))} />
          </label>
          <PhotoPicker id="search-probe" label="Drop the probe photo here, or choose it" onFiles={search} />
        </div>
      )}
      {loading && <p>Searching…</p>}
      {error && <p role="alert" className="bad">{error}</p>}
      {probe && (
        <div className="search">
          <FacePhoto file={probe} alt={`probe ${probe.name}`} boxes={result?.face ? [{ box: result.face.rectangle, label: 'probe' }] : []} />
          {result && !result.result.ok && <p className="bad">{outcomeMessage(result.result.outcome)}</p>}
          {result?.result.ok && (
            <ol className="matches" aria-label="matches">
              {result.matches.length === 0 && <li>No match at or above {minScore}.</li>}
              {result.matches.map((match) => (
                <li key={match.feature.id}>
                  <meter min={0} max={1} low={0.5} high={0.8} optimum={1} value={match.score} aria-label="score" />{' '}
                  <b>{match.score.toFixed(3)}</b> <span className="extra">{match.feature.extraInfo ?? match.feature.id}</span>
                  {match.feature.database?.name && <small> in {match.feature.database.name}</small>}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </section>
  );
}
