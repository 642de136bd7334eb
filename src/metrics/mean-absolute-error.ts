/**
 * Mean absolute error.
 */
import { RegressionMetric } from './regression-metric.js';
import { type RegressionSummary, uniformAverage } from './regression-totals.js';

/**
 * MAE = (1/N) Σ |ŷ − y|, as scikit-learn's `mean_absolute_error`.
 * Inputs: predictions and targets [N] or [N, D] (see regression-totals.ts); D > 1 outputs are
 * averaged uniformly, as scikit-learn's default. Totals stay on the backend between batches.
 *
 * @example
 * const metric = new MeanAbsoluteError();
 * metric.update(prediction, target);
 * metric.result();
 */
export class MeanAbsoluteError extends RegressionMetric {
  constructor(options: { readonly name?: string } = {}) {
    super('mae', options);
  }

  protected score(s: RegressionSummary): number {
    return uniformAverage(s.absoluteError.map((v) => v / s.count));
  }
}
