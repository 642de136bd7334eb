/**
 * Mean squared error.
 */
import { RegressionMetric } from './regression-metric.js';
import { type RegressionSummary, uniformAverage } from './regression-totals.js';

/**
 * MSE = (1/N) Σ (ŷ − y)², as scikit-learn's `mean_squared_error`.
 * Inputs: predictions and targets [N] or [N, D] (see regression-totals.ts); D > 1 outputs are
 * averaged uniformly, as scikit-learn's default. Totals stay on the backend between batches.
 *
 * @example
 * const metric = new MeanSquaredError();
 * metric.update(prediction, target);
 * metric.result();
 */
export class MeanSquaredError extends RegressionMetric {
  constructor(options: { readonly name?: string } = {}) {
    super('mse', options);
  }

  protected score(s: RegressionSummary): number {
    return uniformAverage(s.squaredError.map((v) => v / s.count));
  }
}
