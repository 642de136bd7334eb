/**
 * k-fold cross-validation splits, stratified when labels are given: each sample is in exactly one
 * validation fold, fold sizes differ by at most one, and each fold holds every class in about its
 * overall proportion.
 */
import { ValueError } from '../core/index.js';
import { type IndexSplit, partition, splitOrder, type IndexSplitOptions } from './split-order.js';

/**
 * The k (train, validation) splits of `count` samples.
 *
 * @param count Number of samples (≥ 2).
 * @param k Number of folds, 2 … count.
 * @param options Labels for stratified folds, the generator of the shuffle, and whether to shuffle.
 * @returns k splits; the validation folds partition 0 … count − 1.
 * @throws ValueError for a bad count or k, or labels of the wrong length.
 * @example
 * const folds = kFoldSplits(10, 5, { labels: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1], generator: new Generator(0) });
 * folds[0].validation; // two indices: one of class 0, one of class 1
 */
export function kFoldSplits(count: number, k: number, options: IndexSplitOptions = {}): IndexSplit[] {
  if (!Number.isInteger(k) || k < 2 || (Number.isInteger(count) && k > count)) {
    throw new ValueError(`kFoldSplits: k must be an integer in [2, ${count}] (the number of samples), got ${k}`);
  }
  const order = splitOrder('kFoldSplits', count, options);
  // Dealing the class-grouped order round-robin spreads each class evenly over the folds.
  return Array.from({ length: k }, (_, fold) => partition(order, (position) => position % k === fold));
}
