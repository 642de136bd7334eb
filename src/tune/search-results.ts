/**
 * What a search returns: one row per evaluation (a trial, or a trial at one rung of successive
 * halving), the best configuration, and a JSON form. Rows are plain objects in the order they ran,
 * so they sort, filter and serialise like any array.
 */
import { ValueError } from '../core/index.js';
import type { SearchMode } from './objective.js';
import type { TrialConfig } from './search-space.js';

/** The strategy that produced the results. */
export type SearchStrategy = 'grid' | 'random' | 'successiveHalving';

/** One evaluation of one configuration. */
export interface TrialRow {
  /** Trial number, from 0; successive halving keeps it across rungs. */
  readonly trial: number;
  /** Rung of successive halving (0 for grid and random search). */
  readonly rung: number;
  readonly config: TrialConfig;
  /** Validation score: the mean over folds for k-fold; NaN when a fold scored NaN or ±Infinity. */
  readonly score: number;
  /** Population standard deviation over folds (k-fold), null for holdout. */
  readonly std: number | null;
  /** Score of each fold (one entry for holdout). */
  readonly foldScores: readonly number[];
  /** Epochs the trial's models have been trained for after this evaluation. */
  readonly budget: number;
  /** Epochs run by this evaluation, summed over folds (fewer than the budget when resumed or stopped early). */
  readonly epochs: number;
  /** Wall-clock seconds of this evaluation, all folds (the only field that differs between runs with one seed). */
  readonly seconds: number;
  /** The objective's extra values: numbers averaged over folds, others from the first fold. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/** Keys {@link SearchResults.sorted} can order by. */
export type TrialRowKey = 'score' | 'trial' | 'epochs' | 'seconds';

/** The JSON form of {@link SearchResults}. */
export interface SearchResultsJson {
  readonly strategy: SearchStrategy;
  readonly mode: SearchMode;
  readonly seed: number;
  readonly best: { readonly trial: number; readonly config: TrialConfig; readonly score: number; readonly std: number | null };
  readonly totalEpochs: number;
  readonly rows: readonly TrialRow[];
}

/**
 * The results table of a search.
 *
 * @example
 * const results = await randomSearch({ space, objective, x, y, trials: 20, seed: 0 });
 * results.best.config;         // { learningRate: 0.0123, units: 64 }
 * results.leaderboard()[0];    // the same trial's row
 * console.log(formatResults(results));
 * JSON.stringify(results);     // { strategy, mode, seed, best, totalEpochs, rows }
 */
export class SearchResults {
  /**
   * @param strategy The strategy that ran.
   * @param mode Whether lower or higher scores are better.
   * @param seed The search's seed.
   * @param rows Every evaluation, in the order run.
   * @throws ValueError when there are no rows.
   */
  constructor(
    readonly strategy: SearchStrategy,
    readonly mode: SearchMode,
    readonly seed: number,
    readonly rows: readonly TrialRow[],
  ) {
    if (rows.length === 0) throw new ValueError('SearchResults: a search needs at least one row');
  }

  /** Orders scores best first; NaN and ±Infinity (diverged runs) always last. */
  private compareScores(a: number, b: number): number {
    const fa = Number.isFinite(a);
    const fb = Number.isFinite(b);
    if (!fa || !fb) return fa === fb ? 0 : fa ? -1 : 1;
    return this.mode === 'max' ? b - a : a - b;
  }

  /**
   * One row per trial, its last evaluation, best first: trials that reached a higher rung of
   * successive halving rank above those stopped earlier (their scores came from a smaller budget),
   * then by score, then by trial number.
   *
   * @example
   * results.leaderboard().map((row) => row.config);
   */
  leaderboard(): TrialRow[] {
    const last = new Map<number, TrialRow>();
    for (const row of this.rows) last.set(row.trial, row);
    return [...last.values()].sort((a, b) => b.rung - a.rung || this.compareScores(a.score, b.score) || a.trial - b.trial);
  }

  /**
   * Every row, ordered by `key`: 'score' best first (then higher rung, then trial), the others
   * ascending (then trial).
   *
   * @throws ValueError for an unknown key.
   * @example
   * results.sorted('seconds').at(-1); // the slowest evaluation
   */
  sorted(key: TrialRowKey = 'score'): TrialRow[] {
    const rows = [...this.rows];
    if (key === 'score') return rows.sort((a, b) => this.compareScores(a.score, b.score) || b.rung - a.rung || a.trial - b.trial);
    if (key !== 'trial' && key !== 'epochs' && key !== 'seconds') throw new ValueError(`SearchResults.sorted: key must be 'score', 'trial', 'epochs' or 'seconds', got ${String(key)}`);
    return rows.sort((a, b) => a[key] - b[key] || a.trial - b.trial || a.rung - b.rung);
  }

  /** The best trial's last row (the top of {@link leaderboard}). */
  get best(): TrialRow {
    return this.leaderboard()[0]!;
  }

  /** The best configuration. */
  get bestConfig(): TrialConfig {
    return this.best.config;
  }

  /** The best score. */
  get bestScore(): number {
    return this.best.score;
  }

  /** Epochs run by the whole search, over every trial, rung and fold. */
  get totalEpochs(): number {
    return this.rows.reduce((total, row) => total + row.epochs, 0);
  }

  /** The results as JSON-ready data (JSON.stringify calls it; NaN scores become null there). */
  toJSON(): SearchResultsJson {
    const { trial, config, score, std } = this.best;
    return { strategy: this.strategy, mode: this.mode, seed: this.seed, best: { trial, config, score, std }, totalEpochs: this.totalEpochs, rows: this.rows };
  }
}
