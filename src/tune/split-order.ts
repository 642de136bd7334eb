/**
 * The shared step of holdout and k-fold splits: a seeded shuffle of the sample indices, grouped by
 * class when labels are given. Taking every k-th position of that order (k-fold) or evenly spaced
 * positions (holdout) then gives each split the classes' proportions, up to one sample per class
 * (the stratification of scikit-learn's StratifiedKFold, by a simpler rule). Internal to `tune/`.
 */
import { Generator, rand, ValueError } from '../core/index.js';

/** Options of the split helpers. */
export interface IndexSplitOptions {
  /** Class label per sample: when given, every split keeps the class proportions. */
  readonly labels?: readonly number[];
  /** Source of the shuffle (default: a generator seeded with 0, so splits repeat). */
  readonly generator?: Generator;
  /** Shuffle before splitting (default true); false keeps the samples' order within each class. */
  readonly shuffle?: boolean;
}

/** Training and validation sample indices, each ascending. */
export interface IndexSplit {
  readonly train: number[];
  readonly validation: number[];
}

/**
 * The indices 0 … count − 1, shuffled, then stably grouped by ascending label when labels are given.
 *
 * @throws ValueError for a bad count or labels of the wrong length or not finite.
 * @example
 * splitOrder('kFoldSplits', 4, { labels: [1, 0, 1, 0], shuffle: false }); // [1, 3, 0, 2]
 */
export function splitOrder(op: string, count: number, options: IndexSplitOptions): number[] {
  if (!Number.isInteger(count) || count < 2) throw new ValueError(`${op}: count must be an integer ≥ 2, got ${count}`);
  let order = Array.from({ length: count }, (_, i) => i);
  if (options.shuffle ?? true) {
    const u = rand([count], { generator: options.generator ?? new Generator(0), dtype: 'float64' }).dataSync();
    order = order.sort((a, b) => u[a]! - u[b]! || a - b);
  }
  const labels = options.labels;
  if (labels === undefined) return order;
  if (labels.length !== count) throw new ValueError(`${op}: labels must have one entry per sample (${count}), got ${labels.length}`);
  labels.forEach((label, i) => {
    if (!Number.isFinite(label)) throw new ValueError(`${op}: labels[${i}] must be a finite number, got ${label}`);
  });
  // Array.prototype.sort is stable, so within a class the shuffled order survives.
  return order.sort((a, b) => labels[a]! - labels[b]!);
}

/** Splits `order` into (train, validation) where `inValidation(position)` says which side. */
export function partition(order: readonly number[], inValidation: (position: number) => boolean): IndexSplit {
  const train: number[] = [];
  const validation: number[] = [];
  order.forEach((index, position) => (inValidation(position) ? validation : train).push(index));
  const ascending = (a: number, b: number): number => a - b;
  return { train: train.sort(ascending), validation: validation.sort(ascending) };
}
