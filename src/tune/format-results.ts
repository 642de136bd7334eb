/**
 * A plain-text table of search results, for terminals and logs.
 */
import { ValueError } from '../core/index.js';
import type { ParamValue } from './search-space.js';
import type { SearchResults, TrialRow } from './search-results.js';

/** Options of {@link formatResults}. */
export interface FormatResultsOptions {
  /** Show at most this many rows (default: all). */
  readonly top?: number;
  /** 'leaderboard' (default): one row per trial, best first; 'all': every evaluation in run order. */
  readonly rows?: 'leaderboard' | 'all';
}

const STRATEGY_NAMES = { grid: 'grid search', random: 'random search', successiveHalving: 'successive halving' } as const;

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6) ? value.toExponential(2) : String(Number(value.toPrecision(4)));
}

function formatValue(value: ParamValue | undefined): string {
  return value === undefined ? '' : typeof value === 'number' ? formatNumber(value) : String(value);
}

/**
 * Renders results as an aligned text table: rank, trial, rung (successive halving), score, std
 * (k-fold), budget, epochs run, seconds, then one column per setting.
 *
 * @param results What a search returned.
 * @param options How many rows, and which.
 * @returns Lines joined by '\n': a summary line, the header, the rows.
 * @throws ValueError for a bad `top` or `rows`.
 * @example
 * console.log(formatResults(results, { top: 5 }));
 * // random search · 20 trials · max · seed 0 · best: trial 7, score 0.975
 * // rank  trial  score   budget  epochs  seconds  learningRate  units
 * // 1     7      0.975   10      10      0.41     0.01234       64
 */
export function formatResults(results: SearchResults, options: FormatResultsOptions = {}): string {
  const top = options.top ?? Infinity;
  if (top !== Infinity && (!Number.isInteger(top) || top < 1)) throw new ValueError(`formatResults: top must be a positive integer, got ${top}`);
  const which = options.rows ?? 'leaderboard';
  if (which !== 'leaderboard' && which !== 'all') throw new ValueError(`formatResults: rows must be 'leaderboard' or 'all', got ${String(which)}`);
  const rows: TrialRow[] = (which === 'leaderboard' ? results.leaderboard() : [...results.rows]).slice(0, top);
  const settings = [...new Set(results.rows.flatMap((row) => Object.keys(row.config)))];
  const hasRungs = results.strategy === 'successiveHalving';
  const hasStd = results.rows.some((row) => row.std !== null);

  const header = ['rank', 'trial', ...(hasRungs ? ['rung'] : []), 'score', ...(hasStd ? ['std'] : []), 'budget', 'epochs', 'seconds', ...settings];
  const body = rows.map((row, i) => [
    which === 'leaderboard' ? String(i + 1) : '',
    String(row.trial),
    ...(hasRungs ? [String(row.rung)] : []),
    formatNumber(row.score),
    ...(hasStd ? [row.std === null ? '' : formatNumber(row.std)] : []),
    String(row.budget),
    String(row.epochs),
    row.seconds.toFixed(2),
    ...settings.map((name) => formatValue(row.config[name])),
  ]);
  const widths = header.map((title, c) => Math.max(title.length, ...body.map((cells) => cells[c]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();

  const trials = new Set(results.rows.map((row) => row.trial)).size;
  const best = results.best;
  const bestText = `best: trial ${best.trial}, score ${formatNumber(best.score)}${best.std === null ? '' : ` ± ${formatNumber(best.std)}`}`;
  const summary = `${STRATEGY_NAMES[results.strategy]} · ${trials} trials · ${results.mode} · seed ${results.seed} · ${bestText}`;
  return [summary, line(header), ...body.map(line)].join('\n');
}
