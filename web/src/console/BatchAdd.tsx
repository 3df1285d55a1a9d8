/** Add a folder of photos to the selected database, a few per request, with a progress bar and each photo's outcome. */
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import type { ConsoleAddFeaturesMutation } from '../gql/graphql';
import { FacePhoto, PhotoPicker } from './FacePhoto';
import { errorMessage, outcomeMessage } from './messages';
import { AddFeaturesDocument, DatabasesDocument } from './operations';

/** photos per request: small enough for the bar to move, large enough to batch upstream */
const PER_REQUEST = 4;

type Result = ConsoleAddFeaturesMutation['addFeatures'][number];
interface Photo {
  file: File;
  result?: Result;
  error?: string;
}

const isImageName = (name: string) => !name.startsWith('.');

export function BatchAdd({ databaseId }: { databaseId?: string }) {
  const [addFeatures] = useMutation(AddFeaturesDocument, { refetchQueries: [DatabasesDocument] });
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [done, setDone] = useState(0);

  async function add(files: File[]) {
    if (!databaseId) return;
    const list = files.filter((file) => isImageName(file.name)).sort((a, b) => a.name.localeCompare(b.name));
    setPhotos(list.map((file) => ({ file })));
    setDone(0);
    for (let start = 0; start < list.length; start += PER_REQUEST) {
      const batch = list.slice(start, start + PER_REQUEST);
      let update: (photo: Photo, i: number) => Photo;
      try {
        const { data } = await addFeatures({
          variables: { databaseId, features: batch.map((file) => ({ image: { file }, extraInfo: file.webkitRelativePath || file.name })) },
        });
        const results = data?.addFeatures ?? [];
        update = (photo, i) => (i >= start && i < start + batch.length ? { ...photo, result: results[i - start] } : photo);
      } catch (failure) {
        const error = errorMessage(failure);
        update = (photo, i) => (i >= start && i < start + batch.length ? { ...photo, error } : photo);
      }
      setPhotos((current) => current.map(update));
      setDone(Math.min(start + batch.length, list.length));
    }
  }

  const added = photos.filter((photo) => photo.result?.ok).length;
  return (
    <section aria-labelledby="add-title">
      <h2 id="add-title">3. Add a folder of photos</h2>
      {!databaseId ? (
        <p>Select or create a database first.</p>
      ) : (
        <div className="row">
          <PhotoPicker id="add-folder" label="Choose a folder" folder onFiles={add} />
          <PhotoPicker id="add-photos" label="…or drop photos here" multiple onFiles={add} />
        </div>
      )}
      {photos.length > 0 && (
        <>
          <label className="progress">
            <span>
              {done} / {photos.length} photos sent, {added} faces added
            </span>
            <progress max={photos.length} value={done} aria-label="photos sent" />
          </label>
          <ul className="thumbs" aria-label="added photos">
            {photos.map(({ file, result, error }, i) => (
              <li key={i} className={result?.ok ? 'good' : result || error ? 'bad' : ''}>
                <FacePhoto file={file} alt={file.name} boxes={result?.face ? [{ box: result.face.rectangle, tone: 'good' }] : []} />
                <span className="name">{file.name}</span>
                <span className="outcome">{error ?? (result ? (result.ok ? 'Added' : outcomeMessage(result.outcome)) : 'Waiting…')}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
