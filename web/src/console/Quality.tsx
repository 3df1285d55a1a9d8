/** Quality check per photo: the face box on the picture and each measure green or red against the default policy. */
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import type { ConsoleCheckQualityMutation } from '../gql/graphql';
import { FacePhoto, PhotoPicker } from './FacePhoto';
import { errorMessage, measureLabel, outcomeMessage } from './messages';
import { CheckQualityDocument } from './operations';

type Report = ConsoleCheckQualityMutation['checkQuality'];
interface Checked {
  file: File;
  report?: Report;
  error?: string;
}

const number = (value: number | null | undefined) => (value == null ? '—' : Number.isInteger(value) ? String(value) : value.toFixed(2));

function bounds(min: number | null | undefined, max: number | null | undefined): string {
  if (min != null && max != null) return min === max ? `= ${number(min)}` : `${number(min)} … ${number(max)}`;
  return min != null ? `≥ ${number(min)}` : `≤ ${number(max)}`;
}

function QualityCard({ checked }: { checked: Checked }) {
  const { file, report, error } = checked;
  const verdict = report?.assessment.acceptable;
  return (
    <article className="card" aria-label={`quality of ${file.name}`}>
      <FacePhoto
        file={file}
        alt={file.name}
        boxes={report?.face ? [{ box: report.face.rectangle, tone: verdict ? 'good' : 'bad' }] : []}
      />
      <h3>{file.name}</h3>
      {!report && !error && <p>Checking…</p>}
      {error && <p role="alert" className="bad">{error}</p>}
      {report && (
        <>
          <p className={verdict ? 'good verdict' : 'bad verdict'}>
            {verdict ? '✔ Acceptable for enrolment' : report.result.ok ? '✘ Not acceptable' : `✘ ${outcomeMessage(report.result.outcome)}`}
          </p>
          {report.result.ok && (
            <ul className="checks" aria-label="measures">
              {report.assessment.checks.map((check) => {
                const label = measureLabel(check.field);
                return (
                  <li key={check.field} className={check.passed ? 'good' : 'bad'} title={label.hint}>
                    <span aria-hidden="true">{check.passed ? '●' : '▲'}</span> {label.name}: <b>{number(check.value)}</b>{' '}
                    <small>
                      (accepted {bounds(check.min, check.max)}){check.passed ? '' : ' — out of range'}
                    </small>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </article>
  );
}

export function Quality() {
  const [checkQuality] = useMutation(CheckQualityDocument);
  const [checked, setChecked] = useState<Checked[]>([]);

  async function check(files: File[]) {
    setChecked(files.map((file) => ({ file })));
    for (const [i, file] of files.entries()) {
      let outcome: Partial<Checked>;
      try {
        const { data } = await checkQuality({ variables: { image: { file } } });
        outcome = { report: data?.checkQuality };
      } catch (failure) {
        outcome = { error: errorMessage(failure) };
      }
      setChecked((current) => current.map((entry, j) => (j === i ? { ...entry, ...outcome } : entry)));
    }
  }

  return (
    <section aria-labelledby="quality-title">
      <h2 id="quality-title">2. Check photo quality</h2>
      <PhotoPicker id="quality-photos" label="Drop photos here, or choose them" multiple onFiles={check} />
      <div className="cards">
        {checked.map((entry, i) => (
          <QualityCard key={i} checked={entry} />
        ))}
      </div>
    </section>
  );
}
