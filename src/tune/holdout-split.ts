/**
 * A single train/validation split, stratified when labels are given.
 */
import { ValueError } from '../core/index.js';
import { type IndexSplit, partition, splitOrder, type IndexSplitOptions } from './split-order.js';

/**
 * Holds out round(fraction · count) samples (at least one, and at least one left to train on).
 *
 * @param count Number of samples (≥ 2).
 * @param fraction Share held out for validation, in (0, 1).
 * @param options Labels for a stratified split, the generator of the shuffle, and whether to shuffle.
 * @returns The training and validation indices, each ascending.
 * @throws ValueError for a bad count or fraction, or labels of the wrong length.
 * @example
 * const { train, validation } = holdoutSplit(100, 0.2, { labels, generator: new Generator(1) });
 * validation.length; // 20
 */
export function holdoutSplit(count: number, fraction: number, options: IndexSplitOptions = {}): IndexSplit {
  if (!(fraction > 0 && fraction < 1)) throw new ValueError(`holdoutSplit: fraction must be in (0, 1), got ${fraction}`);
  const order = splitOrder('holdoutSplit', count, options);
  const held = Math.min(count - 1, Math.max(1, Math.round(fraction * count)));
  // Evenly spaced positions of the class-grouped order: each class gives up its share.
  return partition(order, (p) => Math.floor(((p + 1) * held) / count) > Math.floor((p * held) / count));
}
