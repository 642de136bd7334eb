/**
 * Callbacks: how early stopping, checkpoints, learning-rate schedules, progress output and the
 * dashboard stream hook into `fit` without branches in it (Keras's callbacks/callback.py).
 */
import type { Model } from './model.js';

/** Numbers reported after a batch or an epoch: `loss`, metric names, `val_` variants, `lr`. */
export type Logs = Record<string, number>;

/** Hooks called by `fit`; implement the ones you need. Methods may be async. */
export interface Callback {
  /** Set by `fit` before `onTrainBegin`. */
  model?: Model;
  onTrainBegin?(logs: TrainBeginInfo): void | Promise<void>;
  onTrainEnd?(logs: Logs): void | Promise<void>;
  onEpochBegin?(epoch: number): void | Promise<void>;
  /** `epoch` counts from 0; logs hold the epoch's training and validation results. */
  onEpochEnd?(epoch: number, logs: Logs): void | Promise<void>;
  onBatchBegin?(batch: number): void | Promise<void>;
  /**
   * `logs` are lazy: reading `logs()` reads values back from the backend, so callbacks that only
   * need them now and then (a progress bar redrawing every 100 ms) should call it only then.
   */
  onBatchEnd?(batch: number, logs: () => Logs, samples: number): void | Promise<void>;
}

/** What `onTrainBegin` learns about the run. */
export interface TrainBeginInfo {
  readonly epochs: number;
  /** Batches per epoch when known (null for a data source of unknown length). */
  readonly stepsPerEpoch: number | null;
  readonly samplesPerEpoch: number | null;
  readonly metrics: readonly string[];
}
