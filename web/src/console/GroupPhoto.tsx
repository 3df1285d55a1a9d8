/** A group photo: every face found, boxed on the picture. */
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import type { ConsoleDetectFacesMutation } from '../gql/graphql';
import { FacePhoto, PhotoPicker } from './FacePhoto';
import { errorMessage, outcomeMessage } from './messages';
import { DetectFacesDocument } from './operations';

type Detected = ConsoleDetectFacesMutation['detectFaces'][number];

export function GroupPhoto() {
  const [detectFaces, { loading }] = useMutation(DetectFacesDocument);
  const [photo, setPhoto] = useState<File>();
  const [detected, setDetected] = useState<Detected>();
  const [error, setError] = useState<string>();

  async function detect(files: File[]) {
    const file = files[0];
    if (!file) return;
    setPhoto(file);
    setDetected(undefined);
    setError(undefined);
    try {
      const { data } = await detectFaces({ variables: { images: [{ file }] } });
      setDetected(data?.detectFaces[0]);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  const faces = detected?.faces ?? [];
  return (
    <section aria-labelledby="group-title">
      <h2 id="group-title">5. A group photo</h2>
      <PhotoPicker id="group-photo" label="Drop a group photo here, or choose it" onFiles={detect} />
      {loading && <p>Looking for faces…</p>}
      {error && <p role="alert" className="bad">{error}</p>}
      {photo && (
        <div className="group">
          <FacePhoto file={photo} alt={`group photo ${photo.name}`} boxes={faces.map((face, i) => ({ box: face.rectangle, label: String(i + 1) }))} />
          {detected && (
            <p role="status">{detected.result.ok ? `${faces.length} face${faces.length === 1 ? '' : 's'} found.` : outcomeMessage(detected.result.outcome)}</p>
          )}
        </div>
      )}
    </section>
  );
}
