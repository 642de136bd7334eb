/**
 * Mean absolute percentage error, as a fraction (0.1 is 10 %).
 */
import type { Tensor } from '../core/index.js';
import type { Metric } from './metric.js';
import { RegressionTotals, uniformAverage } from './regression-totals.js';

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
export class MeanAbsolutePercentageError implements Metric {
  readonly name: string;
  private readonly totals: RegressionTotals;

  constructor(options: { readonly name?: string } = {}) {
    this.name = options.name ?? 'mape';
    this.totals = new RegressionTotals(this.name);
  }

  /**
   * Adds a batch.
   *
   * @throws ShapeError when predictions and targets do not hold the same values per sample.
   */
  update(prediction: Tensor, target: Tensor): void {
    this.totals.update(prediction, target);
  }

  /** NaN before any update. */
  result(): number {
    const s = this.totals.summary();
    if (s === null) return NaN;
    return uniformAverage(s.absolutePercentageError.map((v) => v / s.count));
  }

  reset(): void {
    this.totals.reset();
  }
}
