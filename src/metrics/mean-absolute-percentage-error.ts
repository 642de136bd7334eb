/**
 * Mean absolute percentage error, as a fraction (0.1 is 10 %).
 */
import { RegressionMetric } from './regression-metric.js';
import { type RegressionSummary, uniformAverage } from './regression-totals.js';

/**
 * MAPE = (1/N) Σ |ŷ − y| / max(|y|, ε) with ε = 2⁻⁵² (float64 machine epsilon), as scikit-learn's
 * `mean_absolute_percentage_error`: a zero target does not divide by zero but gives a huge term,
 * which is the honest answer (MAPE is meaningless near y = 0).
 * Inputs: predictions and targets [N] or [N, D] (see regression-totals.ts); D > 1 outputs are
 * averaged uniformly, as scikit-learn's default. Totals stay on the backend between batches.
 *
 * @example
 * const metric = new MeanAbsolutePercentageError();
 * metric.update(prediction, target);
 * metric.result();
 */
export class MeanAbsolutePercentageError extends RegressionMetric {
  constructor(options: { readonly name?: string } = {}) {
    super('mape', options);
  }

  protected score(s: RegressionSummary): number {
    return uniformAverage(s.absolutePercentageError.map((v) => v / s.count));
  }
}
