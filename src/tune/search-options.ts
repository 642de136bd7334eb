/**
 * Options every search strategy shares: the space, the objective, the data, how to validate, the
 * direction of the score and the seed.
 */
import type { Tensor } from '../core/index.js';
import type { Objective, SearchMode } from './objective.js';
import type { SearchSpace } from './search-space.js';
import type { TrialRow } from './search-results.js';

/**
 * How each configuration is validated:
 * - `{ split }`: hold out that fraction of (x, y), once for the whole search (default `{ split: 0.2 }`);
 * - `{ data: [valX, valY] }`: train on all of (x, y), validate on the data given;
 * - `{ folds }`: k-fold cross-validation, k models per configuration, scored by the mean (and std).
 *
 * `stratify` keeps the class proportions in every split; by default it is on when y holds class
 * indices (int32 or bool, shape [N] or [N, 1]).
 */
export type ValidationOptions =
  | { readonly split: number; readonly stratify?: boolean }
  | { readonly data: readonly [Tensor, Tensor] }
  | { readonly folds: number; readonly stratify?: boolean };

/** Options of every search. */
export interface SearchOptions {
  /** Settings to search over. */
  readonly space: SearchSpace;
  /** Trains and scores one configuration; `mlpObjective(...)` is the built-in one. */
  readonly objective: Objective;
  /** Inputs, samples along dimension 0. */
  readonly x: Tensor;
  /** Targets, samples along dimension 0. */
  readonly y: Tensor;
  /** Holdout or k-fold (default: hold out 20 %). */
  readonly validation?: ValidationOptions;
  /** 'max' when higher scores are better; defaults to the objective's own mode. */
  readonly mode?: SearchMode;
  /** Seed of the splits, the sampled configurations and each trial's generator (default 0). */
  readonly seed?: number;
  /** Called after each evaluation, for progress output. */
  readonly onTrial?: (row: TrialRow) => void;
}
