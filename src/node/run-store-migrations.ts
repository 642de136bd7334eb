/**
 * The run store's schema, as a list of migrations by version (the database's `PRAGMA
 * user_version`). Migration i takes a store from version i to i + 1; a new version of the schema
 * is a new entry at the end, never an edit of an old one, so every store ever written upgrades by
 * running the entries it has not seen. Each step runs in one write transaction with the version
 * bump, so a crash mid-upgrade leaves the old version intact, and two processes opening a fresh
 * store at once do not both migrate it (the second waits for the lock, then sees the new version).
 */
import type { Database } from 'better-sqlite3';
import { DataError } from '../core/index.js';

/** One schema step: SQL run in a single transaction. */
export interface RunStoreMigration {
  /** What the step adds, for error messages and the docs. */
  readonly description: string;
  readonly sql: string;
}

/** The schema's history. Append only. */
export const RUN_STORE_MIGRATIONS: readonly RunStoreMigration[] = [
  {
    description: 'runs and their per-epoch metrics',
    sql: `
      CREATE TABLE runs (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
        started_at    TEXT NOT NULL,
        duration_ms   REAL,
        seed          INTEGER,
        config        TEXT NOT NULL,
        environment   TEXT NOT NULL,
        final_metrics TEXT,
        model_dir     TEXT,
        error         TEXT,
        pid           INTEGER NOT NULL,
        host          TEXT NOT NULL
      );
      CREATE TABLE epochs (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id      TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch       INTEGER NOT NULL,
        metrics     TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        UNIQUE (run_id, epoch)
      );`,
  },
  {
    description: 'named JSON artifacts per run (confusion matrix, model summary) and an index for newest-first listing',
    sql: `
      CREATE TABLE artifacts (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        name   TEXT NOT NULL,
        value  TEXT NOT NULL,
        PRIMARY KEY (run_id, name)
      );
      CREATE INDEX runs_started_at ON runs (started_at);`,
  },
];

/** The schema version this Sprout writes. */
export const RUN_STORE_SCHEMA_VERSION = RUN_STORE_MIGRATIONS.length;

/**
 * Brings `db` up to schema version `target` (default: the latest), one transaction per step.
 *
 * @param db An open better-sqlite3 database.
 * @param target The version to reach (tests stop early to build an old store).
 * @param path The file, for error messages.
 * @returns The version the store had before.
 * @throws DataError when the store is newer than this Sprout understands (written by a later release).
 * @example
 * migrateRunStore(new Database('.sprout/runs.sqlite'));
 */
export function migrateRunStore(db: Database, target = RUN_STORE_SCHEMA_VERSION, path = db.name): number {
  const version = (): number => db.pragma('user_version', { simple: true }) as number;
  const before = version();
  if (before > RUN_STORE_SCHEMA_VERSION) {
    throw new DataError(`run store '${path}' has schema version ${before}; this Sprout reads versions up to ${RUN_STORE_SCHEMA_VERSION} (upgrade Sprout)`);
  }
  while (version() < target) {
    // IMMEDIATE takes the write lock first, so the version read inside is the one this step changes.
    db.transaction(() => {
      const current = version();
      if (current >= target) return;
      db.exec(RUN_STORE_MIGRATIONS[current]!.sql);
      db.pragma(`user_version = ${current + 1}`);
    }).immediate();
  }
  return before;
}
