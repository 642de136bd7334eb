/**
 * The shared shape of the regression metrics: running totals on the backend (RegressionTotals),
 * and a `score` that turns the totals into the metric once, when `result()` is read.
 */
import type { Tensor } from '../core/index.js';
import type { Metric } from './metric.js';
import { RegressionTotals, type RegressionSummary } from './regression-totals.js';

/** Base of MSE, RMSE, MAE, MAPE and R²: subclasses only say how the totals become a score. */
export abstract class RegressionMetric implements Metric {
  readonly name: string;
  private readonly totals: RegressionTotals;

  protected constructor(defaultName: string, options: { readonly name?: string }) {
    this.name = options.name ?? defaultName;
    this.totals = new RegressionTotals(this.name);
  }

  /** The metric from the totals of every update since the last reset. */
  protected abstract score(summary: RegressionSummary): number;

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
    const summary = this.totals.summary();
    return summary === null ? NaN : this.score(summary);
  }

  reset(): void {
    this.totals.reset();
  }
}
