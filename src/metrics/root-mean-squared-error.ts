/**
 * Root mean squared error, in the units of the target.
 */
import { RegressionMetric } from './regression-metric.js';
import { type RegressionSummary, uniformAverage } from './regression-totals.js';

/**
 * RMSE = √MSE per output, then averaged over outputs, as scikit-learn's
 * `mean_squared_error(squared=False)` (`root_mean_squared_error` from 1.4).
 * Inputs: predictions and targets [N] or [N, D] (see regression-totals.ts); D > 1 outputs are
 * averaged uniformly, as scikit-learn's default. Totals stay on the backend between batches.
 *
 * @example
 * const metric = new RootMeanSquaredError();
 * metric.update(prediction, target);
 * metric.result();
 */
export class RootMeanSquaredError extends RegressionMetric {
  constructor(options: { readonly name?: string } = {}) {
    super('rmse', options);
  }

  protected score(s: RegressionSummary): number {
    return uniformAverage(s.squaredError.map((v) => Math.sqrt(v / s.count)));
  }
}
