/**
 * The records of the run store (experiment tracking): what one `fit` or `sprout train` run leaves
 * behind — its identity, settings, environment, per-epoch metrics, final metrics and artifacts.
 * Plain JSON-able objects, so the CLI prints them, the dashboard serves them and tests compare them.
 */
import type { JsonValue } from '../nn/index.js';

/**
 * Where a run stands. `interrupted` is never stored: a run whose status is still `running` but
 * whose process (on this host) is gone — killed, crashed, power cut — reads as interrupted.
 */
export type RunStatus = 'running' | 'completed' | 'failed' | 'interrupted';

/** The machine and software a run used, for reproducing or explaining a difference. */
export interface RunEnvironment {
  /** `process.version`, e.g. `v20.20.2`. */
  readonly node: string;
  /** The tensor backend (`wasm`, `js`). */
  readonly backend: string;
  /** `process.platform`-`process.arch`, e.g. `linux-x64`. */
  readonly platform: string;
  readonly sprout: string;
  readonly host: string;
  readonly cpus: number;
}

/** A metric value as stored: JSON has no NaN or infinities, so those are null. */
export type MetricValue = number | null;

/** One epoch's logs (`loss`, metrics, `val_` variants, `lr`). */
export interface EpochRecord {
  /** 0-based, as in History. */
  readonly epoch: number;
  readonly metrics: Readonly<Record<string, MetricValue>>;
  /** ISO 8601 time the epoch was recorded. */
  readonly recordedAt: string;
  /** Store-wide, increasing insertion number: a reader that remembers the last one sees only newer epochs. */
  readonly seq: number;
}

/** A run as listed: no per-epoch rows, no artifacts. */
export interface RunSummary {
  readonly id: string;
  readonly name: string;
  readonly status: RunStatus;
  /** ISO 8601 UTC. */
  readonly startedAt: string;
  /** Null while running (and for an interrupted run). */
  readonly durationMs: number | null;
  readonly seed: number | null;
  readonly config: Readonly<Record<string, JsonValue>>;
  readonly environment: RunEnvironment;
  /** Null until the run ends. */
  readonly finalMetrics: Readonly<Record<string, MetricValue>> | null;
  /** The saved model folder (absolute), if the run saves one. */
  readonly modelDir: string | null;
  /** Why a failed run failed. */
  readonly error: string | null;
  /** Epochs recorded so far. */
  readonly epochCount: number;
}

/** A run with everything recorded about it. */
export interface RunRecord extends RunSummary {
  readonly epochs: readonly EpochRecord[];
  /** Named JSON values: `confusionMatrix`, `modelSummary`, `training`… */
  readonly artifacts: Readonly<Record<string, JsonValue>>;
}

/**
 * The confusion-matrix artifact recorded for classification runs (artifact name `confusionMatrix`):
 * rows are true classes, columns predicted classes, both in `labels` order.
 */
export interface ConfusionMatrixArtifact {
  readonly labels: readonly string[];
  readonly matrix: readonly (readonly number[])[];
  /** What was scored, e.g. `test split (270 rows)`. */
  readonly split: string;
}
