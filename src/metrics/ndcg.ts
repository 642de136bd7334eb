/**
 * Normalised discounted cumulative gain at k (NDCG@k; Järvelin & Kekäläinen 2002).
 */
import { type RankedRow, RankingMetric } from './ranking-metric.js';

/**
 * NDCG@k = DCG@k / IDCG@k per user, averaged, as scikit-learn's `ndcg_score` (linear gains,
 * ignore_ties=False): DCG@k = Σ_{i<k} gainᵢ / log₂(i + 2) over items by descending score, where a
 * group of tied scores shares the mean gain of its items across its positions; IDCG@k is the DCG of
 * the gains sorted descending. A user whose IDCG is 0 (no relevant item) scores 0. Relevance values
 * are the gains (input: ranking-metric.ts). Name 'ndcg@k' (getMetric: 'ndcg' is k = 10).
 *
 * @throws ValueError when k is not a positive integer.
 * @example
 * const ndcg = new Ndcg({ k: 10 });
 * ndcg.update(scores, relevance);
 * ndcg.result();
 */
export class Ndcg extends RankingMetric {
  constructor(options: { readonly name?: string; readonly k?: number } = {}) {
    super('ndcg', options, 10);
  }

  protected override scoreRow(row: RankedRow): number {
    const items = row.order.length;
    // discount(i) = 1 / log₂(i + 2) for the first k positions, 0 after; computed as scikit-learn does.
    const discount = Array.from({ length: items }, (_, i) => (i < this.k ? 1 / (Math.log(i + 2) / Math.LN2) : 0));
    const ideal = Array.from(row.relevance).sort((a, b) => b - a);
    const idcg = ideal.reduce((s, g, i) => s + g * discount[i]!, 0);
    if (idcg === 0) return 0;
    let dcg = 0;
    for (let start = 0; start < items; ) {
      let end = start + 1;
      while (end < items && row.scores[row.order[end]!] === row.scores[row.order[start]!]) end++;
      let gain = 0;
      let weight = 0;
      for (let i = start; i < end; i++) {
        gain += row.relevance[row.order[i]!]!;
        weight += discount[i]!;
      }
      dcg += (gain / (end - start)) * weight;
      start = end;
    }
    return dcg / idcg;
  }
}
