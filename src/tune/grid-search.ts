/**
 * Grid search: every combination of the settings' values, each trained for the same budget.
 */
import { type GridOptions, gridConfigs } from './grid-configs.js';
import type { SearchOptions } from './search-options.js';
import type { SearchResults } from './search-results.js';
import { TrialRunner } from './trial-runner.js';

/** Options of {@link gridSearch}. */
export interface GridSearchOptions extends SearchOptions, GridOptions {
  /** Epochs per trial when the space has no `epochs` setting (default 10). */
  readonly budget?: number;
}

/**
 * Trains and validates every configuration of the grid (`gridConfigs` order: the first setting
 * varies slowest). Trial i gets its own seed, drawn from the search's seed, so a run repeats.
 *
 * @param options The space, the objective, the data, validation, mode, seed, gridPoints, budget.
 * @returns The results table; `best` is the best configuration.
 * @throws ValueError for a bad space (a float range without gridPoints, say), bad data or options,
 *   a missing mode for a custom objective, or an objective that returns no score.
 * @example
 * const results = await gridSearch({
 *   space: { learningRate: [1e-3, 1e-2, 1e-1], units: [16, 64] },
 *   objective: mlpObjective({ metric: 'accuracy' }),
 *   x, y, validation: { folds: 5 }, budget: 20, seed: 0,
 * });
 * results.best.config; // { learningRate: 0.01, units: 64 }
 */
export async function gridSearch(options: GridSearchOptions): Promise<SearchResults> {
  const configs = gridConfigs(options.space, options);
  const runner = new TrialRunner('gridSearch', options);
  for (const [trial, config] of configs.entries()) {
    await runner.evaluate(trial, 0, config, runner.budgetFor(config, options.budget ?? 10), runner.nextSeed(), null);
  }
  return runner.results('grid');
}
