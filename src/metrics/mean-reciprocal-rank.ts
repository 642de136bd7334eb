/**
 * Mean reciprocal rank (MRR) for recommendation and search.
 */
import { type RankedRow, RankingMetric } from './ranking-metric.js';

/**
 * MRR = (1/N) Σᵤ 1 / rankᵤ, with rankᵤ the 1-based position of u's first relevant item; 0 when there
 * is none (or none in the top k when `k` is given; default: the whole list). Input: ranking-metric.ts.
 * scikit-learn has no equivalent; the fixtures use a hand-written reference. Name 'mrr', or 'mrr@k'.
 *
 * @throws ValueError when k is not a positive integer.
 * @example
 * const mrr = new MeanReciprocalRank();
 * mrr.update(scores, relevance);
 * mrr.result();
 */
export class MeanReciprocalRank extends RankingMetric {
  constructor(options: { readonly name?: string; readonly k?: number } = {}) {
    super('mrr', options, Infinity);
  }

  protected override scoreRow(row: RankedRow): number {
    const first = row.order.slice(0, this.k).findIndex((j) => row.relevance[j]! > 0);
    return first < 0 ? 0 : 1 / (first + 1);
  }
}
