/**
 * The objective of a search: what one trial does with a configuration. The search owns the data
 * splits, the seeds and the bookkeeping; the objective trains on the split it is handed for the
 * budget it is given and returns a score. `mlpObjective` is the built-in one.
 */
import type { Generator, Tensor } from '../core/index.js';
import type { TrialConfig } from './search-space.js';

/** Whether lower ('min': losses, errors) or higher ('max': accuracy, AUC) scores are better. */
export type SearchMode = 'min' | 'max';

/** Where a trial left off in the previous rung of successive halving. */
export interface ResumePoint {
  /** What the objective returned as `state` last time for this trial and fold (a trained model, …). */
  readonly state: unknown;
  /** The epochs that state has already been trained for. */
  readonly budget: number;
}

/** Everything one evaluation of a configuration gets. */
export interface TrialContext {
  readonly trainX: Tensor;
  readonly trainY: Tensor;
  readonly valX: Tensor;
  readonly valY: Tensor;
  /** Epochs to train for, in total (a resumed model trains from `resume.budget` up to this). */
  readonly budget: number;
  /** A generator seeded for this trial: use it for initial weights, dropout masks and shuffling. */
  readonly generator: Generator;
  /** Trial number, from 0. */
  readonly trial: number;
  /** Fold number, from 0 (always 0 for holdout validation). */
  readonly fold: number;
  /** Rung of successive halving, from 0 (always 0 for grid and random search). */
  readonly rung: number;
  /** The previous rung's state when successive halving resumes, else null. */
  readonly resume: ResumePoint | null;
}

/** What an objective may return besides a bare score. */
export interface ObjectiveReport {
  /** The validation score; NaN or ±Infinity ranks last. */
  readonly score: number;
  /** Epochs actually run by this call (default: the budget, less the resumed budget). */
  readonly epochs?: number;
  /** Kept for the next rung of successive halving (for example the trained model); never reported. */
  readonly state?: unknown;
  /** Any other JSON values, kept in the results row's `extra` (numbers are averaged over folds). */
  readonly [extra: string]: unknown;
}

/** A score, or a report with a score. */
export type ObjectiveResult = number | ObjectiveReport;

/**
 * Trains and scores one configuration on one split.
 *
 * @example
 * const objective: Objective = async (config, { trainX, trainY, valX, valY, budget, generator }) => {
 *   const model = buildModel(config, generator);
 *   await model.fit(trainX, trainY, { epochs: budget, generator, verbose: 0 });
 *   return (await model.evaluate(valX, valY))['accuracy']!;
 * };
 */
export interface Objective {
  (config: TrialConfig, context: TrialContext): Promise<ObjectiveResult> | ObjectiveResult;
  /** The objective's own direction, used when the search is given no `mode`. */
  readonly mode?: SearchMode;
}
