/**
 * The shared input of recommendation ranking metrics, and the per-row loop.
 *
 * Input: `prediction` is a float score matrix [N, I] (N users or queries, I candidate items; higher
 * is better) and `target` a relevance matrix of the same shape: 1 (or any value > 0) where the item
 * is relevant to that user, 0 elsewhere. NDCG uses the values as graded gains; the other metrics
 * only ask whether they are > 0. To score per-user item sets, write them into a [N, I] matrix
 * (`oneHot(items, I)` summed per user does it). Items are ranked by descending score; equal scores
 * keep item order (a stable sort, so the lower item index ranks first), except NDCG, which
 * averages over tied items as scikit-learn's `ndcg_score` does. A user with no relevant item scores
 * 0 and still counts in the mean. Each batch is read back to rank its rows (ranking needs the
 * values); only the running sum is kept.
 */
import { formatShape, noGrad, ShapeError, type Tensor, ValueError } from '../core/index.js';
import type { Metric } from './metric.js';

/** One user's row: scores and relevance by item, and the item order, best first. */
export interface RankedRow {
  readonly scores: ArrayLike<number>;
  readonly relevance: ArrayLike<number>;
  /** Item indices by descending score, ties by ascending index. */
  readonly order: readonly number[];
  /** Number of items with relevance > 0. */
  readonly relevant: number;
}

/**
 * Base class: validates batches, ranks each row and averages `scoreRow` over rows.
 *
 * @example
 * class HitRate extends RankingMetric {
 *   protected scoreRow(row: RankedRow): number { return row.order.slice(0, this.k).some((j) => row.relevance[j]! > 0) ? 1 : 0; }
 * }
 */
export abstract class RankingMetric implements Metric {
  readonly name: string;
  /** Cut-off: only the top k items count (Infinity: all). */
  readonly k: number;
  private total = 0;
  private rows = 0;

  /**
   * @param base the metric's name; the default name is `${base}@${k}` (just `base` when k is Infinity).
   * @throws ValueError when k is neither a positive integer nor Infinity.
   */
  protected constructor(base: string, options: { readonly name?: string; readonly k?: number }, defaultK: number) {
    const k = options.k ?? defaultK;
    if (!(Number.isInteger(k) && k >= 1) && k !== Infinity) throw new ValueError(`${base}: k must be a positive integer, got ${k}`);
    this.k = k;
    this.name = options.name ?? (k === Infinity ? base : `${base}@${k}`);
  }

  /** The metric for one ranked row. */
  protected abstract scoreRow(row: RankedRow): number;

  /**
   * Adds a batch of users.
   *
   * @throws ShapeError unless prediction and target are both [N, I]; ValueError for NaN scores or
   *   negative or NaN relevance.
   */
  update(prediction: Tensor, target: Tensor): void {
    if (prediction.rank !== 2 || target.rank !== 2 || prediction.shape[0] !== target.shape[0] || prediction.shape[1] !== target.shape[1]) {
      throw new ShapeError(`${this.name}: predictions and targets must both be [N users, I items], got ${formatShape(prediction.shape)} and ${formatShape(target.shape)}`);
    }
    const [n, items] = [prediction.shape[0]!, prediction.shape[1]!];
    const [scores, relevance] = noGrad(() => [prediction.detach().dataSync(), target.detach().dataSync()]);
    let total = 0;
    for (let u = 0; u < n; u++) {
      const s = Array.from(scores.subarray(u * items, (u + 1) * items), Number);
      const r = Array.from(relevance.subarray(u * items, (u + 1) * items), Number);
      if (s.some((v) => Number.isNaN(v))) throw new ValueError(`${this.name}: scores of user ${u} in this batch contain NaN`);
      if (r.some((v) => !(v >= 0))) throw new ValueError(`${this.name}: relevance must be ≥ 0, user ${u} in this batch has ${r.find((v) => !(v >= 0))}`);
      const order = s.map((_, j) => j).sort((a, b) => s[b]! - s[a]! || a - b);
      total += this.scoreRow({ scores: s, relevance: r, order, relevant: r.filter((v) => v > 0).length });
    }
    this.total += total;
    this.rows += n;
  }

  /** Mean over users (NaN before any update). */
  result(): number {
    return this.rows === 0 ? NaN : this.total / this.rows;
  }

  reset(): void {
    this.total = 0;
    this.rows = 0;
  }
}
