import Database from 'better-sqlite3';
import { join } from 'node:path';
import { DATABASE_FILE_NAME, FeatureStore } from '../../src/local-face-api/store';
import { randomUnitVector, seededRandom } from './support/vectors';
import { makeTempDir } from './support/temp-dir';

const random = seededRandom(7);
const feature = (extraInfo: string) => ({ embedding: randomUnitVector(8, random), extraInfo });

describe('FeatureStore (real SQLite file)', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: FeatureStore;

  beforeEach(() => {
    dir = makeTempDir();
    store = new FeatureStore(dir.path);
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('creates, lists and deletes databases', () => {
    const created = store.createDatabase({ name: 'foo', description: '', maxSize: 1000 });
    expect(created).toMatchObject({ name: 'foo', max_size: 1000, size: 0, object_type: 'OBJECT_FACE' });
    expect(created.db_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(store.listDatabases().map((db) => db.db_id)).toEqual([created.db_id]);
    expect(store.deleteDatabase(created.db_id)).toBe(true);
    expect(store.deleteDatabase(created.db_id)).toBe(false);
    expect(store.listDatabases()).toEqual([]);
  });

  it('grants capacity in input order and refuses the excess without writing it', () => {
    const db = store.createDatabase({ name: 'small', description: '', maxSize: 3 });
    expect(store.addFeatures(db.db_id, [feature('a')])).toHaveLength(1);
    const outcomes = store.addFeatures(db.db_id, [feature('b'), feature('c'), feature('d')])!;
    expect(outcomes.map((o) => ('feature' in o ? o.feature.extra_info : 'full'))).toEqual(['b', 'c', 'full']);
    expect(store.getDatabase(db.db_id)!.size).toBe(3);
    expect(store.listFeatures(db.db_id, 0, 10).map((f) => f.extra_info)).toEqual(['a', 'b', 'c']);
    expect(store.addFeatures(db.db_id, [feature('e')])).toEqual([{ full: true }]);
    expect(store.getDatabase(db.db_id)!.size).toBe(3);
  });

  it('answers undefined for an unknown database and writes nothing', () => {
    expect(store.addFeatures('no-such-db', [feature('x')])).toBeUndefined();
  });

  it('updates extra_info, deletes one feature and frees its capacity', () => {
    const db = store.createDatabase({ name: 'one', description: 'd', maxSize: 1 });
    const [first] = store.addFeatures(db.db_id, [feature('old')])!;
    const id = 'feature' in first ? first.feature.feature_id : '';
    expect(store.updateExtraInfo(db.db_id, id, 'new')!.extra_info).toBe('new');
    expect(store.updateExtraInfo(db.db_id, 'missing', 'x')).toBeUndefined();
    expect(store.deleteFeature(db.db_id, id)).toBe(true);
    expect(store.deleteFeature(db.db_id, id)).toBe(false);
    expect(store.getDatabase(db.db_id)!.size).toBe(0);
    expect(store.addFeatures(db.db_id, [feature('again')])![0]).toHaveProperty('feature');
  });

  it('pages features in insertion order', () => {
    const db = store.createDatabase({ name: 'p', description: '', maxSize: 10 });
    store.addFeatures(db.db_id, ['0', '1', '2', '3', '4'].map(feature));
    expect(store.listFeatures(db.db_id, 1, 2).map((f) => f.extra_info)).toEqual(['1', '2']);
    expect(store.listFeatures(db.db_id, 5, 2)).toEqual([]);
  });

  it('deleting a database deletes its features (cascade)', () => {
    const db = store.createDatabase({ name: 'c', description: '', maxSize: 10 });
    const other = store.createDatabase({ name: 'keep', description: '', maxSize: 10 });
    store.addFeatures(db.db_id, [feature('x'), feature('y')]);
    store.addFeatures(other.db_id, [feature('z')]);
    store.deleteDatabase(db.db_id);
    store.close();
    const raw = new Database(join(dir.path, DATABASE_FILE_NAME), { readonly: true });
    const rows = raw.prepare('SELECT db_id, extra_info FROM features').all();
    raw.close();
    expect(rows).toEqual([{ db_id: other.db_id, extra_info: 'z' }]);
    store = new FeatureStore(dir.path);
  });

  it('keeps databases, features and embeddings across a reopen', () => {
    const db = store.createDatabase({ name: 'persist', description: '', maxSize: 10 });
    const embedding = randomUnitVector(8, random);
    store.addFeatures(db.db_id, [{ embedding, extraInfo: 'kept' }]);
    store.close();
    store = new FeatureStore(dir.path);
    expect(store.getDatabase(db.db_id)).toMatchObject({ name: 'persist', size: 1 });
    const [loaded] = store.loadEmbeddings(db.db_id);
    expect(Array.from(loaded.embedding)).toEqual(Array.from(embedding));
  });
});
