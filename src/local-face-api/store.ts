import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { WireDatabase, WireFeature } from '../face-api-contract';
import { databaseOpenError, prepareDataDir } from './data-dir';

/**
 * Durable storage of feature databases and their features (embeddings + extra_info; images are never stored).
 * better-sqlite3 is synchronous: every method below runs as one SQLite transaction, so a process killed at any
 * moment leaves either the whole change or none of it, and every acknowledged (returned) change is on disk
 * (WAL + synchronous=FULL fsyncs the log at each commit).
 */

export const DATABASE_FILE_NAME = 'face-api.sqlite';
/**
 * Version of the stored embeddings, reported as the databases' `feature_version` and recorded per database:
 * 1 = dlib ResNet 128-D (until December 2026), 2 = fr_feature MobileFaceNet 512-D (docs/engine.md).
 */
export const FEATURE_VERSION = 2;

export interface NewDatabase {
  name: string;
  description: string;
  maxSize: number;
}

export interface NewEmbedding {
  embedding: Float32Array;
  extraInfo: string;
}

export interface StoredEmbedding {
  featureId: string;
  embedding: Float32Array;
}

/** Outcome of one feature of a batch add: stored, or refused because the database is full. */
export type AddOutcome = { feature: WireFeature } | { full: true };

interface DatabaseRow {
  db_id: string;
  name: string;
  description: string;
  max_size: number;
  size: number;
  feature_version: number;
  created_at: string;
}

interface FeatureRow {
  feature_id: string;
  db_id: string;
  extra_info: string;
  created_at: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS databases (
    db_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    max_size INTEGER NOT NULL,
    size INTEGER NOT NULL DEFAULT 0,
    feature_version INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS features (
    seq INTEGER PRIMARY KEY,
    feature_id TEXT NOT NULL UNIQUE,
    db_id TEXT NOT NULL REFERENCES databases(db_id) ON DELETE CASCADE,
    extra_info TEXT NOT NULL,
    embedding BLOB NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS features_by_db ON features(db_id, seq);
`;

function toWireDatabase(row: DatabaseRow): WireDatabase {
  return { ...row, object_type: 'OBJECT_FACE' };
}

function embeddingBlob(embedding: Float32Array): Buffer {
  return Buffer.from(embedding.buffer, embedding.byteOffset, embedding.byteLength);
}

function blobEmbedding(blob: Buffer): Float32Array {
  if (blob.byteOffset % 4 === 0) return new Float32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4);
  // A Float32Array view needs 4-byte alignment: copy the rare unaligned blob.
  const copy = new Float32Array(blob.byteLength / 4);
  new Uint8Array(copy.buffer).set(blob);
  return copy;
}

export class FeatureStore {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(dataDir: string) {
    prepareDataDir(dataDir);
    const file = join(dataDir, DATABASE_FILE_NAME);
    let db: Database.Database | undefined;
    try {
      db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.exec(SCHEMA);
    } catch (error) {
      db?.close();
      throw databaseOpenError(file, error);
    }
    this.db = db;
  }

  /** Prepared once, reused: preparing is a noticeable part of small queries. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  createDatabase(input: NewDatabase): WireDatabase {
    const row: DatabaseRow = {
      db_id: randomUUID(),
      name: input.name,
      description: input.description,
      max_size: input.maxSize,
      size: 0,
      feature_version: FEATURE_VERSION,
      created_at: new Date().toISOString(),
    };
    this.sql(
        `INSERT INTO databases (db_id, name, description, max_size, size, feature_version, created_at)
         VALUES (@db_id, @name, @description, @max_size, @size, @feature_version, @created_at)`,
      )
      .run(row);
    return toWireDatabase(row);
  }

  listDatabases(): WireDatabase[] {
    const rows = this.sql('SELECT * FROM databases ORDER BY created_at, db_id').all() as DatabaseRow[];
    return rows.map(toWireDatabase);
  }

  getDatabase(dbId: string): WireDatabase | undefined {
    const row = this.sql('SELECT * FROM databases WHERE db_id = ?').get(dbId) as DatabaseRow | undefined;
    return row && toWireDatabase(row);
  }

  /** Deletes the database and (cascade) all its features; false when it did not exist. */
  deleteDatabase(dbId: string): boolean {
    return this.sql('DELETE FROM databases WHERE db_id = ?').run(dbId).changes > 0;
  }

  /**
   * Adds features in input order, in ONE transaction: those beyond the database's free capacity are refused
   * (`full`), nothing else is written. Returns undefined when the database does not exist.
   */
  addFeatures(dbId: string, features: NewEmbedding[]): AddOutcome[] | undefined {
    const insert = this.sql(
      `INSERT INTO features (feature_id, db_id, extra_info, embedding, created_at)
       VALUES (?, ?, ?, ?, ?)`,
    );
    const capacity = this.sql('SELECT max_size - size AS free FROM databases WHERE db_id = ?');
    const grow = this.sql('UPDATE databases SET size = size + ? WHERE db_id = ?');
    return this.db.transaction((): AddOutcome[] | undefined => {
      const row = capacity.get(dbId) as { free: number } | undefined;
      if (!row) return undefined;
      const createdAt = new Date().toISOString();
      const outcomes = features.map((feature, index): AddOutcome => {
        if (index >= row.free) return { full: true };
        const featureId = randomUUID();
        insert.run(featureId, dbId, feature.extraInfo, embeddingBlob(feature.embedding), createdAt);
        return { feature: { feature_id: featureId, db_id: dbId, extra_info: feature.extraInfo, created_at: createdAt } };
      });
      grow.run(Math.min(features.length, Math.max(row.free, 0)), dbId);
      return outcomes;
    })();
  }

  getFeature(dbId: string, featureId: string): WireFeature | undefined {
    return this.sql('SELECT feature_id, db_id, extra_info, created_at FROM features WHERE db_id = ? AND feature_id = ?')
      .get(dbId, featureId) as FeatureRow | undefined;
  }

  /** Features of several databases by id (any order); ids that no longer exist are absent from the map. */
  getFeatures(featureIds: string[]): Map<string, WireFeature> {
    const found = new Map<string, WireFeature>();
    const select = this.sql(
      'SELECT feature_id, db_id, extra_info, created_at FROM features WHERE feature_id = ?',
    );
    for (const id of featureIds) {
      const row = select.get(id) as FeatureRow | undefined;
      if (row) found.set(id, row);
    }
    return found;
  }

  listFeatures(dbId: string, offset: number, limit: number): WireFeature[] {
    return this.sql(
        `SELECT feature_id, db_id, extra_info, created_at FROM features WHERE db_id = ?
         ORDER BY seq LIMIT ? OFFSET ?`,
      )
      .all(dbId, limit, offset) as FeatureRow[];
  }

  updateExtraInfo(dbId: string, featureId: string, extraInfo: string): WireFeature | undefined {
    const changed = this.sql('UPDATE features SET extra_info = ? WHERE db_id = ? AND feature_id = ?')
      .run(extraInfo, dbId, featureId).changes;
    return changed > 0 ? this.getFeature(dbId, featureId) : undefined;
  }

  deleteFeature(dbId: string, featureId: string): boolean {
    return this.db.transaction(() => {
      const deleted = this.sql('DELETE FROM features WHERE db_id = ? AND feature_id = ?').run(dbId, featureId).changes;
      if (deleted > 0) this.sql('UPDATE databases SET size = size - 1 WHERE db_id = ?').run(dbId);
      return deleted > 0;
    })();
  }

  /** Every embedding of a database, in insertion order (to build the in-memory search matrix). */
  loadEmbeddings(dbId: string): StoredEmbedding[] {
    const rows = this.sql('SELECT feature_id, embedding FROM features WHERE db_id = ? ORDER BY seq')
      .all(dbId) as Array<{ feature_id: string; embedding: Buffer }>;
    return rows.map((row) => ({ featureId: row.feature_id, embedding: blobEmbedding(row.embedding) }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
