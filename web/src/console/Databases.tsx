/** List, create and delete feature databases; the list follows the Apollo cache (a delete evicts the entry). */
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { errorMessage } from './messages';
import { CreateDatabaseDocument, DatabasesDocument, DeleteDatabaseDocument } from './operations';

export function Databases({ selected, onSelect }: { selected?: string; onSelect: (id: string | undefined) => void }) {
  const { data, loading, error } = useQuery(DatabasesDocument);
  const [create, creating] = useMutation(CreateDatabaseDocument, { refetchQueries: [DatabasesDocument] });
  const [remove] = useMutation(DeleteDatabaseDocument, {
    // the answer is the deleted id: evict it, and the list (which references it) drops it without a refetch
    update(cache, { data: deleted }) {
      if (!deleted) return;
      cache.evict({ id: cache.identify({ __typename: 'FeatureDatabase', id: deleted.deleteDatabase }) });
      cache.gc();
    },
  });
  const [name, setName] = useState('foo');
  const [maxSize, setMaxSize] = useState(1000);
  const [message, setMessage] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(undefined);
    try {
      const result = await create({ variables: { name, maxSize } });
      if (result.data) onSelect(result.data.createDatabase.id);
    } catch (failure) {
      setMessage(errorMessage(failure));
    }
  }

  async function drop(id: string, label: string) {
    setMessage(undefined);
    try {
      await remove({ variables: { id } });
      if (selected === id) onSelect(undefined);
      setMessage(`Deleted “${label}”.`);
    } catch (failure) {
      setMessage(errorMessage(failure));
    }
  }

  const databases = data?.databases ?? [];
  return (
    <section aria-labelledby="databases-title">
      <h2 id="databases-title">1. Databases</h2>
      <form className="row" onSubmit={submit}>
        <label>
          Name <input value={name} onChange={(event) => setName(event.target.value)} required />
        </label>
        <label>
          Room for <input type="number" min={1} value={maxSize} onChange={(event) => setMaxSize(Number(event.target.value))} required /> faces
        </label>
        <button type="submit" disabled={creating.loading}>
          Create database
        </button>
      </form>
      {loading && <p>Loading…</p>}
      {error && <p role="alert" className="bad">{errorMessage(error)}</p>}
      {message && <p role="status">{message}</p>}
      {databases.length === 0 && !loading && !error && <p>No database yet: create one.</p>}
      <ul className="databases" aria-label="databases">
        {databases.map((db) => {
          const label = db.name ?? db.id;
          return (
            <li key={db.id} className={db.id === selected ? 'selected' : ''}>
              <label>
                <input type="radio" name="database" checked={db.id === selected} onChange={() => onSelect(db.id)} /> <strong>{label}</strong>
              </label>
              <meter min={0} max={db.maxSize ?? 1} value={db.size ?? 0} aria-label={`${label} fill`} />
              <span>
                {db.size ?? '?'} / {db.maxSize ?? '?'} faces
              </span>
              {db.createdAt && <time dateTime={db.createdAt}>{new Date(db.createdAt).toLocaleString()}</time>}
              <button type="button" onClick={() => drop(db.id, label)} aria-label={`Delete database ${label}`}>
                Delete
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
