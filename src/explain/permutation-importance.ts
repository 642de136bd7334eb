/**
 * Permutation feature importance (Breiman 2001, "Random Forests"; the model-agnostic form of
 * Fisher, Rudin & Dominici 2019, as scikit-learn's `permutation_importance`): shuffle one feature's
 * column across the rows, breaking its link with the target, and measure how much the model's score
 * drops; repeat with fresh shuffles and report the mean and spread. Columns that encode one source
 * column (a one-hot group) can be shuffled together as one feature. Shuffles are seeded.
 *
 * Shapes: x is [N, F] float features, y is [N] (class indices or numbers).
 */
import { DataError, Generator, rand, ShapeError, sort, tensor, type Tensor, ValueError } from '../core/index.js';
import { positiveIntegerOption } from './attribution.js';
import { argmaxRows, predictBatch, type Predictor } from './predictor.js';

/** Built-in scores (higher is better). */
export type ImportanceMetric = 'accuracy' | 'r2' | 'neg-mse';

/** A score of predictions against the truth; higher must be better. */
export type ScoreFunction = (yTrue: ArrayLike<number>, outputs: Float64Array, columns: number) => number;

/** A feature to shuffle: one column or several shuffled together. */
export interface FeatureGroup {
  readonly name: string;
  readonly columns: readonly number[];
}

/** Options of {@link permutationImportance}. */
export interface PermutationImportanceOptions {
  /** The score: 'accuracy' (default for outputs with ≥ 2 columns), 'r2' (default otherwise), 'neg-mse' or a function. */
  readonly metric?: ImportanceMetric | ScoreFunction;
  /** Shuffles per feature (default 5). */
  readonly repeats?: number;
  /** Seed of the shuffles (default 0). */
  readonly seed?: number;
  /** One name per column of x (default 'x0', 'x1', …); ignored when groups are given. */
  readonly featureNames?: readonly string[];
  /** Features to shuffle (default: each column alone). */
  readonly groups?: readonly FeatureGroup[];
}

/** One feature's importance. */
export interface FeatureImportance {
  readonly name: string;
  readonly columns: readonly number[];
  /** Mean score drop over the repeats (score on intact data − score with the feature shuffled). */
  readonly mean: number;
  /** Standard deviation of the drops (population, as scikit-learn). */
  readonly std: number;
  readonly drops: readonly number[];
}

/** What {@link permutationImportance} returns. */
export interface PermutationImportanceResult {
  readonly metric: string;
  /** The score on the intact data. */
  readonly baselineScore: number;
  readonly repeats: number;
  /** In the order of the features (or groups) given. */
  readonly features: FeatureImportance[];
}

/**
 * Permutation importance of every feature of a tabular model.
 *
 * @param model The network (takes [N, F]).
 * @param x Features [N, F].
 * @param y Targets [N]: class indices for accuracy, numbers for r2 / neg-mse.
 * @throws ShapeError for x that is not [N, F] or y of another length; ValueError for bad groups, names or repeats.
 * @example
 * const { features } = permutationImportance(model, xTest, yTest, { repeats: 10, seed: 1 });
 * features.sort((a, b) => b.mean - a.mean);
 */
export function permutationImportance(model: Predictor, x: Tensor, y: Tensor | ArrayLike<number>, options: PermutationImportanceOptions = {}): PermutationImportanceResult {
  if (x.rank !== 2) throw new ShapeError(`permutationImportance: x must be [N, F], got [${x.shape.join(', ')}]`);
  const [n, width] = x.shape as [number, number];
  const truth = 'dataSync' in y && typeof y.dataSync === 'function' ? (y as Tensor).dataSync() : (y as ArrayLike<number>);
  if (truth.length !== n) throw new ShapeError(`permutationImportance: y must have ${n} values (one per row of x), got ${truth.length}`);
  if (n < 2) throw new DataError(`permutationImportance: x needs at least 2 rows to shuffle, got ${n}`);
  const repeats = positiveIntegerOption('permutationImportance', 'repeats', options.repeats, 5);
  const groups = featureGroups(options, width);
  const data = Float64Array.from(x.dataSync());
  const run = (values: Float64Array): { values: Float64Array; columns: number } => predictBatch(model, tensor(values, { shape: [n, width], dtype: x.dtype }));
  const intact = run(data);
  const [metricName, score] = scoreOf(options.metric, intact.columns);
  const baselineScore = score(truth, intact.values, intact.columns);
  const generator = new Generator(options.seed ?? 0);
  const shuffled = new Float64Array(data.length);
  const features = groups.map((group): FeatureImportance => {
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      // The argsort of uniform draws: the same recipe as the data loaders' seeded shuffles.
      const order = sort(rand([n], { generator, dtype: 'float64' })).indices.dataSync();
      shuffled.set(data);
      for (let i = 0; i < n; i++) {
        for (const c of group.columns) shuffled[i * width + c] = data[order[i]! * width + c]!;
      }
      const out = run(shuffled);
      drops.push(baselineScore - score(truth, out.values, out.columns));
    }
    const mean = drops.reduce((s, d) => s + d, 0) / repeats;
    const std = Math.sqrt(drops.reduce((s, d) => s + (d - mean) ** 2, 0) / repeats);
    return { name: group.name, columns: group.columns, mean, std, drops };
  });
  return { metric: metricName, baselineScore, repeats, features };
}

function featureGroups(options: PermutationImportanceOptions, width: number): readonly FeatureGroup[] {
  if (options.groups !== undefined) {
    if (options.groups.length === 0) throw new ValueError('permutationImportance: groups must not be empty');
    for (const g of options.groups) {
      if (g.columns.length === 0 || g.columns.some((c) => !Number.isInteger(c) || c < 0 || c >= width)) {
        throw new ValueError(`permutationImportance: group '${g.name}' must list columns in 0 … ${width - 1}, got [${g.columns.join(', ')}]`);
      }
    }
    return options.groups;
  }
  const names = options.featureNames;
  if (names !== undefined && names.length !== width) throw new ValueError(`permutationImportance: featureNames must have ${width} names (one per column of x), got ${names.length}`);
  return Array.from({ length: width }, (_, c) => ({ name: names?.[c] ?? `x${c}`, columns: [c] }));
}

function scoreOf(metric: PermutationImportanceOptions['metric'], columns: number): [string, ScoreFunction] {
  if (typeof metric === 'function') return ['custom', metric];
  const name = metric ?? (columns >= 2 ? 'accuracy' : 'r2');
  if (name === 'accuracy') {
    if (columns < 2) throw new ValueError(`permutationImportance: metric 'accuracy' needs one output column per class, got ${columns}`);
    return [name, accuracyScore];
  }
  if (name === 'r2') return [name, (t, o, c) => 1 - squaredError(t, o, c) / totalSquares(t)];
  if (name === 'neg-mse') return [name, (t, o, c) => -squaredError(t, o, c) / t.length];
  throw new ValueError(`permutationImportance: metric must be 'accuracy', 'r2', 'neg-mse' or a function, got '${String(name)}'`);
}

function accuracyScore(truth: ArrayLike<number>, outputs: Float64Array, columns: number): number {
  const predicted = argmaxRows(outputs, columns);
  let right = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) right++;
  return right / truth.length;
}

function squaredError(truth: ArrayLike<number>, outputs: Float64Array, columns: number): number {
  if (columns !== 1) throw new ValueError(`permutationImportance: regression metrics need one output column, got ${columns}`);
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += (truth[i]! - outputs[i]!) ** 2;
  return s;
}

function totalSquares(truth: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < truth.length; i++) mean += truth[i]! / truth.length;
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += (truth[i]! - mean) ** 2;
  return s === 0 ? 1 : s;
}
