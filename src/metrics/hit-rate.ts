/**
 * Hit rate at k (HR@k) for recommendation.
 */
import { type RankedRow, RankingMetric } from './ranking-metric.js';

/**
 * HR@k = (1/N) Σᵤ 1[some relevant item is in u's top k] (input: ranking-metric.ts). scikit-learn has
 * no equivalent; the fixtures use a hand-written reference. Name 'hitRate@k' (getMetric: 'hitRate' is k = 10).
 *
 * @throws ValueError when k is not a positive integer.
 * @example
 * const hr = new HitRate({ k: 10 });
 * hr.update(scores, relevance); // [users, items] each
 * hr.result();
 */
export class HitRate extends RankingMetric {
  constructor(options: { readonly name?: string; readonly k?: number } = {}) {
    super('hitRate', options, 10);
  }

  protected override scoreRow(row: RankedRow): number {
    return row.order.slice(0, this.k).some((j) => row.relevance[j]! > 0) ? 1 : 0;
  }
}
