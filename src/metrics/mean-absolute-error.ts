/**
 * Mean absolute error.
 */
import type { Tensor } from '../core/index.js';
import type { Metric } from './metric.js';
import { RegressionTotals, uniformAverage } from './regression-totals.js';

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
export class MeanAbsoluteError implements Metric {
  readonly name: string;
  private readonly totals: RegressionTotals;

  constructor(options: { readonly name?: string } = {}) {
    this.name = options.name ?? 'mae';
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
    return uniformAverage(s.absoluteError.map((v) => v / s.count));
  }

  reset(): void {
    this.totals.reset();
  }
}
