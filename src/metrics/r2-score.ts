/**
 * Coefficient of determination R²: the fraction of the targets' variance the predictions explain.
 */
import { RegressionMetric } from './regression-metric.js';
import { type RegressionSummary, uniformAverage } from './regression-totals.js';

/**
 * R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² per output, as scikit-learn's `r2_score` (force_finite=True):
 * a constant target gives 1 for a perfect prediction and 0 otherwise; NaN with fewer than 2 samples.
 * Inputs: predictions and targets [N] or [N, D] (see regression-totals.ts); D > 1 outputs are
 * averaged uniformly, as scikit-learn's default. Totals stay on the backend between batches.
 *
 * @example
 * const metric = new R2Score();
 * metric.update(prediction, target);
 * metric.result();
 */
export class R2Score extends RegressionMetric {
  constructor(options: { readonly name?: string } = {}) {
    super('r2', options);
  }

  protected score(s: RegressionSummary): number {
    if (s.count < 2) return NaN;
    return uniformAverage(s.squaredError.map((sse, i) => {
      const sst = s.targetSumOfSquares[i]!;
      if (sst === 0) return sse === 0 ? 1 : 0;
      return 1 - sse / sst;
    }));
  }
}
