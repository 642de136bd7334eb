/**
 * RunStore: experiment tracking in one SQLite file (`<runs dir>/runs.sqlite`, through
 * better-sqlite3). SQLite because runs are written by several processes at once (two trainings, a
 * dashboard reading) and must survive crashes: each write is a transaction, the write-ahead log
 * lets readers run beside the writer, and a busy timeout makes a second writer wait rather than
 * fail. The schema and its upgrades are in run-store-migrations.ts.
 *
 * Numbers that JSON cannot hold (NaN, ±Infinity) are stored as null.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DataError, ValueError } from '../core/index.js';
import type { JsonValue } from '../nn/index.js';
import { currentEnvironment } from './run-environment.js';
import type { EpochRecord, MetricValue, RunEnvironment, RunRecord, RunStatus, RunSummary } from './run-record.js';
import { migrateRunStore } from './run-store-migrations.js';

/** The database file inside the runs folder. */
export const RUN_STORE_FILE = 'runs.sqlite';

/** How long a writer waits for another process's transaction before giving up. */
const BUSY_TIMEOUT_MS = 10_000;

/** What {@link RunStore.createRun} needs. */
export interface NewRun {
  /** A human name (the data file, the experiment). */
  readonly name: string;
  /** The settings that define the run (flattened for comparison by `sprout runs compare`). */
  readonly config: Readonly<Record<string, JsonValue>>;
  readonly seed?: number;
  /** Default: {@link currentEnvironment}. */
  readonly environment?: RunEnvironment;
  readonly modelDir?: string;
  /** Default: now. */
  readonly startedAt?: Date;
}

/** How a run ended. */
export interface RunEnd {
  readonly status: 'completed' | 'failed';
  readonly finalMetrics?: Readonly<Record<string, number | null>>;
  readonly error?: string;
  /** Named JSON values stored with the end, in the same transaction (see {@link RunStore.setArtifact}). */
  readonly artifacts?: Readonly<Record<string, JsonValue>>;
  /** Default: now minus the start time. */
  readonly durationMs?: number;
}

interface RunRow {
  id: string;
  name: string;
  status: 'running' | 'completed' | 'failed';
  started_at: string;
  duration_ms: number | null;
  seed: number | null;
  config: string;
  environment: string;
  final_metrics: string | null;
  model_dir: string | null;
  error: string | null;
  pid: number;
  host: string;
  epoch_count: number;
}

interface EpochRow {
  seq: number;
  run_id: string;
  epoch: number;
  metrics: string;
  recorded_at: string;
}

const SUMMARY_SQL = `SELECT r.*, (SELECT COUNT(*) FROM epochs e WHERE e.run_id = r.id) AS epoch_count FROM runs r`;

/**
 * The runs recorded in one folder.
 *
 * @example
 * const store = RunStore.open('.sprout');
 * const id = store.createRun({ name: 'digits', config: { epochs: 20, lr: 1e-3 }, seed: 0 });
 * await model.fit(x, y, { epochs: 20, callbacks: [new RunRecorder(store, id)] });
 * store.finishRun(id, { status: 'completed', finalMetrics: { accuracy: 0.96 } });
 * store.close();
 */
export class RunStore {
  private constructor(
    private readonly db: Database.Database,
    /** The database file. */
    readonly path: string,
  ) {}

  /**
   * Opens (creating the folder and the file when missing) and upgrades the store in `dir`.
   *
   * @throws ValueError for an empty `dir`; DataError for a store written by a newer Sprout or a file
   *   that is not a SQLite database (both name the file); the file system's error when the folder
   *   cannot be created.
   */
  static open(dir: string): RunStore {
    if (typeof dir !== 'string' || dir === '') throw new ValueError(`RunStore.open: dir must be a non-empty path, got ${JSON.stringify(dir)}`);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, RUN_STORE_FILE);
    const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    try {
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode: a committed run survives a process crash; a power cut may lose the last epochs.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrateRunStore(db, undefined, path);
    } catch (error) {
      db.close();
      const code = (error as { code?: unknown }).code;
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new DataError(`run store '${path}' is not a readable SQLite database (${(error as Error).message}); move it away to start a new one`, { cause: error });
      throw error;
    }
    return new RunStore(db, path);
  }

  /** Whether `dir` holds a store (readers use it to avoid creating an empty one). */
  static exists(dir: string): boolean {
    return existsSync(join(dir, RUN_STORE_FILE));
  }

  /** Starts a run with status `running`; returns its id (time-ordered, e.g. `20261128-174600-3fa9c1`). */
  createRun(run: NewRun): string {
    if (typeof run.name !== 'string' || run.name === '') throw new ValueError(`createRun: name must be a non-empty string, got ${JSON.stringify(run.name)}`);
    const started = run.startedAt ?? new Date();
    const id = newRunId(started);
    this.db
      .prepare(
        `INSERT INTO runs (id, name, status, started_at, seed, config, environment, model_dir, pid, host)
         VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, run.name, started.toISOString(), run.seed ?? null, toJson(run.config), toJson(run.environment ?? currentEnvironment()), run.modelDir ?? null, process.pid, hostname());
    return id;
  }

  /** Records (or, for a resumed epoch, replaces) one epoch's logs. @throws ValueError for an unknown run. */
  recordEpoch(runId: string, epoch: number, metrics: Readonly<Record<string, number>>): void {
    if (!Number.isInteger(epoch) || epoch < 0) throw new ValueError(`recordEpoch: epoch must be an integer >= 0, got ${epoch}`);
    this.requireRun('recordEpoch', runId);
    // REPLACE gives the row a new seq, so readers tailing the store see the new values.
    this.db.prepare('INSERT OR REPLACE INTO epochs (run_id, epoch, metrics, recorded_at) VALUES (?, ?, ?, ?)').run(runId, epoch, toJson(metrics), new Date().toISOString());
  }

  /** Stores a named JSON value for a run (replacing one of the same name). @throws ValueError for an unknown run. */
  setArtifact(runId: string, name: string, value: JsonValue): void {
    this.requireRun('setArtifact', runId);
    this.db.prepare('INSERT OR REPLACE INTO artifacts (run_id, name, value) VALUES (?, ?, ?)').run(runId, name, toJson(value));
  }

  /**
   * Ends a run: status, duration, final metrics and artifacts in one transaction, so a reader sees
   * a finished run whole or still running.
   *
   * @throws ValueError for an unknown run.
   */
  finishRun(runId: string, end: RunEnd): void {
    const row = this.requireRun('finishRun', runId);
    const durationMs = end.durationMs ?? Date.now() - Date.parse(row.started_at);
    this.db.transaction(() => {
      for (const [name, value] of Object.entries(end.artifacts ?? {})) this.setArtifact(runId, name, value);
      this.db
        .prepare('UPDATE runs SET status = ?, duration_ms = ?, final_metrics = ?, error = ? WHERE id = ?')
        .run(end.status, durationMs, end.finalMetrics === undefined ? null : toJson(end.finalMetrics), end.error ?? null, runId);
    })();
  }

  /** Every run, newest first. */
  listRuns(): RunSummary[] {
    return (this.db.prepare(`${SUMMARY_SQL} ORDER BY r.started_at DESC, r.id DESC`).all() as RunRow[]).map(toSummary);
  }

  /**
   * The run with this id, or the one run whose id starts with it (ids are long; a prefix that is
   * unique is enough, as with git commits). Undefined when none matches.
   *
   * @throws ValueError when the prefix matches several runs (the message lists them).
   */
  getRun(idOrPrefix: string): RunRecord | undefined {
    const id = this.resolveId(idOrPrefix);
    if (id === undefined) return undefined;
    const row = this.db.prepare(`${SUMMARY_SQL} WHERE r.id = ?`).get(id) as RunRow;
    const artifacts: Record<string, JsonValue> = {};
    for (const a of this.db.prepare('SELECT name, value FROM artifacts WHERE run_id = ? ORDER BY name').all(id) as { name: string; value: string }[]) {
      artifacts[a.name] = JSON.parse(a.value) as JsonValue;
    }
    return { ...toSummary(row), epochs: this.epochs(id), artifacts };
  }

  /** A run's epochs in order. */
  epochs(runId: string): EpochRecord[] {
    return (this.db.prepare('SELECT * FROM epochs WHERE run_id = ? ORDER BY epoch').all(runId) as EpochRow[]).map(toEpoch);
  }

  /** Epochs of every run recorded after insertion number `seq`, oldest first (for tailing). */
  epochsSince(seq: number): (EpochRecord & { readonly runId: string })[] {
    return (this.db.prepare('SELECT * FROM epochs WHERE seq > ? ORDER BY seq').all(seq) as EpochRow[]).map((row) => ({ ...toEpoch(row), runId: row.run_id }));
  }

  /** The highest epoch insertion number so far (0 for none). */
  lastEpochSeq(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM epochs').get() as { seq: number }).seq;
  }

  /**
   * A number that changes whenever another connection (another process, or another RunStore in
   * this one) commits to the store: SQLite's `PRAGMA data_version`. Readers poll it and query
   * only when it moved.
   */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /** Closes the database. The store must not be used afterwards. */
  close(): void {
    this.db.close();
  }

  /** The full id for an id or unique prefix. @throws ValueError for an ambiguous prefix. */
  private resolveId(idOrPrefix: string): string | undefined {
    if (typeof idOrPrefix !== 'string' || idOrPrefix === '') return undefined;
    if (this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(idOrPrefix) !== undefined) return idOrPrefix;
    const escaped = idOrPrefix.replace(/[\\%_]/g, (c) => `\\${c}`);
    const matches = (this.db.prepare(`SELECT id FROM runs WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 6`).all(`${escaped}%`) as { id: string }[]).map((r) => r.id);
    if (matches.length > 1) throw new ValueError(`run id '${idOrPrefix}' is ambiguous: it is the start of ${matches.length > 5 ? 'more than 5 runs' : `${matches.length} runs`} (${matches.slice(0, 5).join(', ')})`);
    return matches[0];
  }

  private requireRun(op: string, runId: string): RunRow {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
    if (row === undefined) throw new ValueError(`${op}: no run '${runId}' in ${this.path}`);
    return row;
  }
}

/** `YYYYMMDD-HHMMSS-` (UTC) and 6 random hex digits: sorts by time, unique across processes. */
function newRunId(started: Date): string {
  const stamp = started.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** JSON with non-finite numbers as null (JSON.stringify does that for NaN and ±Infinity). */
function toJson(value: unknown): string {
  return JSON.stringify(value);
}

function toSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    name: row.name,
    status: observedStatus(row),
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    seed: row.seed,
    config: JSON.parse(row.config) as Record<string, JsonValue>,
    environment: JSON.parse(row.environment) as RunEnvironment,
    finalMetrics: row.final_metrics === null ? null : (JSON.parse(row.final_metrics) as Record<string, MetricValue>),
    modelDir: row.model_dir,
    error: row.error,
    epochCount: row.epoch_count,
  };
}

function toEpoch(row: EpochRow): EpochRecord {
  return { epoch: row.epoch, metrics: JSON.parse(row.metrics) as Record<string, MetricValue>, recordedAt: row.recorded_at, seq: row.seq };
}

/** `running` only while the recording process lives; a dead one on this host means interrupted. */
function observedStatus(row: RunRow): RunStatus {
  if (row.status !== 'running' || row.host !== hostname() || processAlive(row.pid)) return row.status;
  return 'interrupted';
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM';
  }
}
