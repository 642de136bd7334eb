/**
 * Mean average precision at k (MAP@k) for recommendation.
 */
import { type RankedRow, RankingMetric } from './ranking-metric.js';

/**
 * MAP@k = (1/N) Σᵤ (1 / min(k, Rᵤ)) Σ_{i ≤ k} P@i · relᵢ, with Rᵤ the number of relevant items, P@i
 * the fraction of relevant items in the top i and relᵢ = 1 when the i-th item is relevant (the usual
 * recommender definition, as in ml_metrics' `mapk`; input: ranking-metric.ts). A user with Rᵤ = 0
 * scores 0. scikit-learn has no equivalent; the fixtures use a hand-written reference.
 * Name 'map@k' (getMetric: 'map' is k = 10).
 *
 * @throws ValueError when k is not a positive integer.
 * @example
 * const map = new MeanAveragePrecision({ k: 10 });
 * map.update(scores, relevance);
 * map.result();
 */
export class MeanAveragePrecision extends RankingMetric {
  constructor(options: { readonly name?: string; readonly k?: number } = {}) {
    super('map', options, 10);
  }

  protected override scoreRow(row: RankedRow): number {
    if (row.relevant === 0) return 0;
    let hits = 0;
    let sum = 0;
    row.order.slice(0, this.k).forEach((j, i) => {
      if (row.relevance[j]! > 0) {
        hits++;
        sum += hits / (i + 1);
      }
    });
    return sum / Math.min(this.k, row.relevant);
  }
}
