/**
 * A group photo: every face boxed and, with a database selected, named by its best match (identifyFaces: one
 * upload, one search per face); without a database, the boxes of detectFaces.
 */
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { FacePhoto, PhotoPicker, type LabelledBox } from './FacePhoto';
import { errorMessage, outcomeMessage } from './messages';
import { DetectFacesDocument, IdentifyFacesDocument } from './operations';

/** a match must score this much to name a face (0.8 ↔ 1 false match in 10,000 on the local Face API) */
const NAMING_SCORE = 0.8;

interface Seen {
  boxes: LabelledBox[];
  summary: string;
}

/** "photos/alice-1.jpg" → "alice-1.jpg": extraInfo of the console's adds is the photo's path */
const shortName = (extraInfo: string) => extraInfo.split('/').pop() ?? extraInfo;

export function GroupPhoto({ databaseId }: { databaseId?: string }) {
  const [detectFaces, detecting] = useMutation(DetectFacesDocument);
  const [identifyFaces, identifying] = useMutation(IdentifyFacesDocument);
  const [photo, setPhoto] = useState<File>();
  const [seen, setSeen] = useState<Seen>();
  const [error, setError] = useState<string>();

  async function identify(file: File, id: string): Promise<Seen> {
    const { data } = await identifyFaces({ variables: { image: { file }, databaseIds: [id], minScore: NAMING_SCORE } });
    const answer = data!.identifyFaces;
    if (!answer.result.ok) return { boxes: [], summary: outcomeMessage(answer.result.outcome) };
    const boxes = answer.faces.map((face): LabelledBox => {
      const best = face.matches[0];
      const name = best ? `${shortName(best.feature.extraInfo ?? best.feature.id)} ${best.score.toFixed(2)}` : 'unknown';
      return { box: face.face.rectangle, label: name, tone: best ? 'good' : 'neutral' };
    });
    const named = boxes.filter((box) => box.tone === 'good').length;
    return { boxes, summary: `${answer.facesFound} face${answer.facesFound === 1 ? '' : 's'} found, ${named} recognised.` };
  }

  async function detect(file: File): Promise<Seen> {
    const { data } = await detectFaces({ variables: { images: [{ file }] } });
    const image = data!.detectFaces[0];
    if (!image.result.ok) return { boxes: [], summary: outcomeMessage(image.result.outcome) };
    const boxes = image.faces.map((face, i): LabelledBox => ({ box: face.rectangle, label: String(i + 1) }));
    return { boxes, summary: `${boxes.length} face${boxes.length === 1 ? '' : 's'} found.` };
  }

  async function look(files: File[]) {
    const file = files[0];
    if (!file) return;
    setPhoto(file);
    setSeen(undefined);
    setError(undefined);
    try {
      setSeen(databaseId ? await identify(file, databaseId) : await detect(file));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  return (
    <section aria-labelledby="group-title">
      <h2 id="group-title">5. A group photo</h2>
      <p>{databaseId ? 'Every face is searched in the selected database and named by its best match.' : 'Select a database to name the faces.'}</p>
      <PhotoPicker id="group-photo" label="Drop a group photo here, or choose it" onFiles={look} />
      {(detecting.loading || identifying.loading) && <p>Looking for faces…</p>}
      {error && <p role="alert" className="bad">{error}</p>}
      {photo && (
        <div className="group">
          <FacePhoto file={photo} alt={`group photo ${photo.name}`} boxes={seen?.boxes ?? []} />
          {seen && <p role="status">{seen.summary}</p>}
        </div>
      )}
    </section>
  );
}
