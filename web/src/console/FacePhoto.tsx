/** A photo with face boxes drawn over it, scaled with the picture (boxes are in the photo's own pixels). */
import { useEffect, useState } from 'react';

export interface Box {
  top: number;
  left: number;
  width: number;
  height: number;
}

export interface LabelledBox {
  box: Box;
  /** shown on the box, e.g. a name or a score */
  label?: string;
  tone?: 'good' | 'bad' | 'neutral';
}

/** An object URL for a picked file, revoked when the file changes or the component goes. */
export function useObjectUrl(file: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!file) return setUrl(undefined);
    const created = URL.createObjectURL(file);
    setUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [file]);
  return url;
}

export function FacePhoto({ file, boxes, alt }: { file: Blob; boxes: LabelledBox[]; alt: string }) {
  const url = useObjectUrl(file);
  const [size, setSize] = useState<{ width: number; height: number }>();
  const [unreadable, setUnreadable] = useState(false);
  if (unreadable) return <div className="photo unreadable" role="img" aria-label={`${alt}: not a picture the browser can show`} />;
  return (
    <figure className="photo">
      {url && (
        <img
          src={url}
          alt={alt}
          onLoad={(event) => setSize({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })}
          onError={() => setUnreadable(true)}
        />
      )}
      {size &&
        boxes.map(({ box, label, tone = 'neutral' }, i) => (
          <div
            key={i}
            className={`face-box ${tone}`}
            data-testid="face-box"
            role="img"
            aria-label={label ? `face: ${label}` : 'face'}
            style={{
              left: `${(box.left / size.width) * 100}%`,
              top: `${(box.top / size.height) * 100}%`,
              width: `${(box.width / size.width) * 100}%`,
              height: `${(box.height / size.height) * 100}%`,
            }}
          >
            {label && <span className="face-label">{label}</span>}
          </div>
        ))}
    </figure>
  );
}

/** A drop zone that is also a file input (keyboard: Tab to it, Enter or Space opens the picker). */
export function PhotoPicker({
  id,
  label,
  multiple = false,
  folder = false,
  onFiles,
}: {
  id: string;
  label: string;
  multiple?: boolean;
  folder?: boolean;
  onFiles: (files: File[]) => void;
}) {
  const [over, setOver] = useState(false);
  const folderProps = folder ? ({ webkitdirectory: '', directory: '' } as Record<string, string>) : {};
  return (
    <label
      className={`drop ${over ? 'over' : ''}`}
      htmlFor={id}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        onFiles([...event.dataTransfer.files]);
      }}
    >
      <span>{label}</span>
      <input
        id={id}
        type="file"
        accept={folder ? undefined : 'image/*'}
        multiple={multiple || folder}
        {...folderProps}
        onChange={(event) => {
          onFiles([...(event.currentTarget.files ?? [])]);
          event.currentTarget.value = '';
        }}
      />
    </label>
  );
}
