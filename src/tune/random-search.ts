/**
 * Random search (Bergstra & Bengio 2012, "Random Search for Hyper-Parameter Optimization"): a fixed
 * number of configurations drawn independently from the space. When only a few settings matter,
 * n random trials try n distinct values of each, where a grid of the same size tries only n^(1/d).
 */
import { ValueError } from '../core/index.js';
import { sampleConfig } from './sample-config.js';
import type { SearchOptions } from './search-options.js';
import type { SearchResults } from './search-results.js';
import { resolveSearchSpace } from './search-space.js';
import { TrialRunner } from './trial-runner.js';

/** Options of {@link randomSearch}. */
export interface RandomSearchOptions extends SearchOptions {
  /** Number of configurations to try. */
  readonly trials: number;
  /** Epochs per trial when the space has no `epochs` setting (default 10). */
  readonly budget?: number;
}

/**
 * Samples `trials` configurations with the search's seeded generator and trains and validates each.
 * Trial i's configuration and seed do not depend on how many trials follow it, so a longer search
 * with the same seed starts with the same trials.
 *
 * @param options The space, the objective, the data, validation, mode, seed, trials, budget.
 * @returns The results table; `best` is the best configuration.
 * @throws ValueError for a bad space, trials that is not a positive integer, bad data or options, a
 *   missing mode for a custom objective, or an objective that returns no score.
 * @example
 * const results = await randomSearch({
 *   space: { learningRate: hp.logUniform(1e-4, 1e-1), units: hp.int(16, 256), dropout: hp.uniform(0, 0.5) },
 *   objective: mlpObjective({ metric: 'accuracy' }),
 *   x, y, trials: 20, seed: 0,
 * });
 * console.log(formatResults(results, { top: 5 }));
 */
export async function randomSearch(options: RandomSearchOptions): Promise<SearchResults> {
  resolveSearchSpace('randomSearch', options.space);
  const trials = options.trials;
  if (!Number.isInteger(trials) || trials < 1) throw new ValueError(`randomSearch: trials must be a positive integer, got ${String(trials)}`);
  const runner = new TrialRunner('randomSearch', options);
  for (let trial = 0; trial < trials; trial++) {
    const config = sampleConfig(options.space, runner.generator);
    await runner.evaluate(trial, 0, config, runner.budgetFor(config, options.budget ?? 10), runner.nextSeed(), null);
  }
  return runner.results('random');
}
