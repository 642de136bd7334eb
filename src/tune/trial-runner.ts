/**
 * The machinery the strategies share (internal to `tune/`): validate the data, split it once for the
 * whole search so every configuration sees the same folds, seed each trial, call the objective per
 * fold, and turn its reports into results rows.
 */
import { Generator, indexSelect, rand, type Tensor, Tensor as TensorClass, tensor, ValueError, formatShape } from '../core/index.js';
import { holdoutSplit } from './holdout-split.js';
import { kFoldSplits } from './k-fold-splits.js';
import type { Objective, ObjectiveReport, ResumePoint, SearchMode } from './objective.js';
import type { SearchOptions } from './search-options.js';
import { SearchResults, type SearchStrategy, type TrialRow } from './search-results.js';
import type { TrialConfig } from './search-space.js';
import type { IndexSplit } from './split-order.js';

interface Fold {
  readonly trainX: Tensor;
  readonly trainY: Tensor;
  readonly valX: Tensor;
  readonly valY: Tensor;
}

/** One evaluation's row and, per fold, the state the objective asked to keep. */
export interface Evaluation {
  readonly row: TrialRow;
  readonly states: readonly unknown[];
}

const RESERVED = new Set(['score', 'epochs', 'state']);

function checkData(op: string, x: unknown, y: unknown, names: string): [Tensor, Tensor] {
  if (!(x instanceof TensorClass) || !(y instanceof TensorClass)) throw new ValueError(`${op}: ${names} must be Tensors`);
  if (x.rank === 0 || y.rank === 0 || x.shape[0] !== y.shape[0]) {
    throw new ValueError(`${op}: ${names} must have the same number of samples in dimension 0, got ${formatShape(x.shape)} and ${formatShape(y.shape)}`);
  }
  return [x, y];
}

/** Class labels of y when it holds class indices ([N] or [N, 1], int32 or bool), else null. */
function classLabels(y: Tensor): number[] | null {
  const labelShape = y.rank === 1 || (y.rank === 2 && y.shape[1] === 1);
  if (!labelShape || (y.dtype !== 'int32' && y.dtype !== 'bool')) return null;
  return Array.from(y.dataSync(), Number);
}

function rows(t: Tensor, indices: readonly number[]): Tensor {
  return indexSelect(t, 0, tensor([...indices], { dtype: 'int32' }));
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** @internal Runs trials for one search. */
export class TrialRunner {
  readonly mode: SearchMode;
  readonly seed: number;
  /** Draws the configurations (random search) and each trial's seed. */
  readonly generator: Generator;
  private readonly folds: readonly Fold[];
  private readonly objective: Objective;
  private readonly collected: TrialRow[] = [];

  constructor(
    private readonly op: string,
    private readonly options: SearchOptions,
  ) {
    if (typeof options !== 'object' || options === null) throw new ValueError(`${op}: options must be an object`);
    if (typeof options.objective !== 'function') throw new ValueError(`${op}: objective must be a function (config, context) → score, or mlpObjective(...)`);
    this.objective = options.objective;
    const mode = options.mode ?? options.objective.mode;
    if (mode !== 'min' && mode !== 'max') {
      throw new ValueError(`${op}: mode must be 'min' (lower scores are better) or 'max', got ${String(mode)}; a custom objective needs it in the options`);
    }
    this.mode = mode;
    const seed = options.seed ?? 0;
    if (!Number.isSafeInteger(seed) || seed < 0) throw new ValueError(`${op}: seed must be a non-negative safe integer, got ${seed}`);
    this.seed = seed;
    this.generator = new Generator(seed);
    // The splits come first from the generator, so they do not depend on the strategy's draws.
    this.folds = this.split(...checkData(op, options.x, options.y, 'x and y'));
  }

  private split(x: Tensor, y: Tensor): Fold[] {
    const op = this.op;
    const validation = this.options.validation ?? { split: 0.2 };
    if (typeof validation !== 'object' || validation === null) throw new ValueError(`${op}: validation must be { split }, { data } or { folds }, got ${String(validation)}`);
    if ('data' in validation) {
      const data: unknown = validation.data;
      if (!Array.isArray(data) || data.length !== 2) throw new ValueError(`${op}: validation.data must be [valX, valY]`);
      const [valX, valY] = checkData(op, data[0], data[1], 'validation.data');
      return [{ trainX: x, trainY: y, valX, valY }];
    }
    const n = x.shape[0]!;
    const stratify = validation.stratify;
    const labels = classLabels(y);
    if (stratify === true && labels === null) {
      throw new ValueError(`${op}: validation.stratify needs class indices in y (int32 or bool, [N] or [N, 1]), got ${y.dtype} ${formatShape(y.shape)}`);
    }
    const splitOptions = { generator: this.generator, ...(stratify !== false && labels !== null ? { labels } : {}) };
    let splits: IndexSplit[];
    if ('folds' in validation) {
      const k = validation.folds;
      if (!Number.isInteger(k) || k < 2 || k > n) throw new ValueError(`${op}: validation.folds must be an integer in [2, ${n}], got ${k}`);
      splits = kFoldSplits(n, k, splitOptions);
    } else if ('split' in validation) {
      const fraction = validation.split;
      if (!(fraction > 0 && fraction < 1)) throw new ValueError(`${op}: validation.split must be in (0, 1), got ${fraction}`);
      if (n < 2) throw new ValueError(`${op}: a holdout split needs at least 2 samples, got ${n}`);
      splits = [holdoutSplit(n, fraction, splitOptions)];
    } else {
      throw new ValueError(`${op}: validation must be { split }, { data } or { folds }, got keys ${Object.keys(validation).join(', ') || 'none'}`);
    }
    return splits.map(({ train, validation: held }) => ({ trainX: rows(x, train), trainY: rows(y, train), valX: rows(x, held), valY: rows(y, held) }));
  }

  /** Number of folds each configuration is trained on. */
  get foldCount(): number {
    return this.folds.length;
  }

  /** A fresh seed for the next trial, drawn from the search's generator. */
  nextSeed(): number {
    return Math.floor(rand([1], { generator: this.generator, dtype: 'float64' }).item() * 2 ** 32);
  }

  /**
   * Epochs for a grid or random trial: the configuration's `epochs` when the space has it, else the
   * given default.
   */
  budgetFor(config: TrialConfig, fallback: number): number {
    const epochs = config['epochs'] ?? fallback;
    if (typeof epochs !== 'number' || !Number.isInteger(epochs) || epochs < 1) {
      throw new ValueError(`${this.op}: epochs must be a positive integer, got ${String(epochs)}`);
    }
    return epochs;
  }

  /**
   * Evaluates one configuration on every fold.
   *
   * @param resume Per fold, where the previous rung left off (successive halving), or null.
   */
  async evaluate(trial: number, rung: number, config: TrialConfig, budget: number, seed: number, resume: readonly (ResumePoint | null)[] | null): Promise<Evaluation> {
    const started = performance.now();
    const scores: number[] = [];
    const states: unknown[] = [];
    const extras: Record<string, unknown>[] = [];
    let epochs = 0;
    for (const [fold, data] of this.folds.entries()) {
      const from = resume?.[fold] ?? null;
      const result = await this.objective(config, { ...data, budget, generator: new Generator(seed), trial, fold, rung, resume: from });
      const report: ObjectiveReport = typeof result === 'number' ? { score: result } : result;
      if (typeof report !== 'object' || report === null || typeof report.score !== 'number') {
        throw new ValueError(`${this.op}: the objective must return a number or { score: number, … }, got ${JSON.stringify(result) ?? String(result)} for trial ${trial}`);
      }
      const ran = report.epochs ?? budget - (from?.budget ?? 0);
      if (typeof ran !== 'number' || !Number.isFinite(ran) || ran < 0) throw new ValueError(`${this.op}: the objective reported epochs ${String(ran)} for trial ${trial}; expected a non-negative number`);
      epochs += ran;
      scores.push(Number.isFinite(report.score) ? report.score : NaN);
      states.push(report.state);
      extras.push(Object.fromEntries(Object.entries(report).filter(([key]) => !RESERVED.has(key))));
    }
    const score = mean(scores);
    const std = scores.length > 1 && Number.isFinite(score) ? Math.sqrt(mean(scores.map((s) => (s - score) ** 2))) : scores.length > 1 ? NaN : null;
    const extra: Record<string, unknown> = {};
    for (const key of new Set(extras.flatMap((e) => Object.keys(e)))) {
      const values = extras.map((e) => e[key]);
      extra[key] = values.every((v) => typeof v === 'number') ? mean(values as number[]) : values[0];
    }
    const row: TrialRow = { trial, rung, config, score, std, foldScores: scores, budget, epochs, seconds: (performance.now() - started) / 1000, extra };
    this.collected.push(row);
    this.options.onTrial?.(row);
    return { row, states };
  }

  /** The rows so far, as results. */
  results(strategy: SearchStrategy): SearchResults {
    return new SearchResults(strategy, this.mode, this.seed, [...this.collected]);
  }
}
