/**
 * Builders for search-space entries (`hp.logUniform(1e-4, 1e-1)`), in the manner of Hyperopt's
 * `hp` and Keras Tuner's `HyperParameters`. Each returns a plain spec object; the search checks it.
 */
import type { ChoiceParam, FloatParam, IntParam, ParamValue } from './search-space.js';

/** Options of {@link hp}.int. */
export interface IntRangeOptions {
  /** Spacing between allowed values, counted from `low` (default 1). */
  readonly step?: number;
  /** Sample uniformly in log space (default false); needs low ≥ 1 and step 1. */
  readonly log?: boolean;
}

/**
 * Search-space builders.
 *
 * - `hp.choice(values)`: one of the values (grid search keeps their order).
 * - `hp.uniform(low, high)`: a float uniform in [low, high].
 * - `hp.logUniform(low, high)`: a float whose logarithm is uniform, for scale parameters such as
 *   learning rates and weight decays, where 1e-4 → 1e-3 matters as much as 1e-2 → 1e-1
 *   (Bergstra & Bengio 2012).
 * - `hp.int(low, high, { step, log })`: an integer in [low, high], both ends included.
 *
 * Arguments are checked when the search starts (`resolveSearchSpace`), so a bad range throws a
 * ValueError naming its setting.
 *
 * @example
 * const space = {
 *   learningRate: hp.logUniform(1e-4, 1e-1),
 *   units: hp.int(16, 256, { step: 16 }),
 *   dropout: hp.uniform(0, 0.5),
 *   activation: hp.choice(['relu', 'tanh']),
 * };
 */
export const hp = {
  /**
   * One of `values`. @example hp.choice([32, 64, 128])
   * @throws (when the search starts) ValueError for no values or a value that is not a finite number, string or boolean.
   */
  choice: (values: readonly ParamValue[]): ChoiceParam => ({ kind: 'choice', values }),
  /**
   * A float uniform in [low, high]. @example hp.uniform(0, 0.5)
   * @throws (when the search starts) ValueError for non-finite bounds or low > high.
   */
  uniform: (low: number, high: number): FloatParam => ({ kind: 'float', low, high, log: false }),
  /**
   * A float uniform in log space over [low, high]. @example hp.logUniform(1e-4, 1e-1)
   * @throws (when the search starts) ValueError for low ≤ 0, non-finite bounds or low > high.
   */
  logUniform: (low: number, high: number): FloatParam => ({ kind: 'float', low, high, log: true }),
  /**
   * An integer in [low, high], both included. @example hp.int(16, 256, { step: 16 })
   * @throws (when the search starts) ValueError for non-integer bounds, low > high, a bad step, or log with low < 1 or step ≠ 1.
   */
  int: (low: number, high: number, options: IntRangeOptions = {}): IntParam => ({
    kind: 'int',
    low,
    high,
    step: options.step ?? 1,
    log: options.log ?? false,
  }),
} as const;
