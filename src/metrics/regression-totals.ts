/**
 * Running per-output totals that every regression metric is read from, kept on the backend as
 * float64 tensors of shape [D] (D outputs per sample), so updates never wait on a read-back.
 *
 * Inputs: predictions and targets hold the same number of values per sample and are read as
 * [N, D] (so [N], [N, 1] and [N, D] all work; a [N] target meets a [N, 1] prediction). Multi-output
 * scores are averaged uniformly over the D outputs, as scikit-learn's default
 * `multioutput='uniform_average'`.
 *
 * The variance of the targets (for R²) is merged batch by batch with Chan et al.'s (1979) parallel
 * update rather than from Σy² − (Σy)²/n, which cancels catastrophically when the mean is large:
 * δ = ȳ_B − ȳ, ȳ ← ȳ + δ·n_B/(n + n_B), M₂ ← M₂ + M₂,B + δ²·n·n_B/(n + n_B).
 */
import { abs, add, cast, div, formatShape, maximum, mean, mul, noGrad, ShapeError, square, sub, sum, type Tensor } from '../core/index.js';

/** Machine epsilon of float64: MAPE's floor on |y|, as scikit-learn. */
const FLOAT64_EPS = 2 ** -52;

/** The totals read back as plain numbers, one entry per output. */
export interface RegressionSummary {
  readonly count: number;
  readonly squaredError: number[];
  readonly absoluteError: number[];
  readonly absolutePercentageError: number[];
  /** Σ(y − ȳ)² per output. */
  readonly targetSumOfSquares: number[];
}

/**
 * Per-output sums of squared, absolute and absolute-percentage errors and the targets' M₂.
 *
 * @example
 * const totals = new RegressionTotals('mse');
 * totals.update(prediction, target);
 * totals.summary()?.squaredError; // [12.5]
 */
export class RegressionTotals {
  private count = 0;
  private squaredError: Tensor | null = null;
  private absoluteError: Tensor | null = null;
  private percentageError: Tensor | null = null;
  private targetMean: Tensor | null = null;
  private targetM2: Tensor | null = null;

  constructor(private readonly name: string) {}

  /**
   * Adds a batch.
   *
   * @throws ShapeError when the batch sizes or values per sample differ, or D changes between batches.
   */
  update(prediction: Tensor, target: Tensor): void {
    noGrad(() => {
      const [p, y] = this.read(prediction, target);
      const n = y.shape[0]!;
      if (n === 0) return;
      const error = sub(p, y);
      const batch = {
        squared: sum(square(error), 0),
        absolute: sum(abs(error), 0),
        percentage: sum(div(abs(error), maximum(abs(y), FLOAT64_EPS)), 0),
        mean: mean(y, 0),
      };
      const m2 = sum(square(sub(y, batch.mean)), 0);
      if (this.targetMean === null || this.targetM2 === null || this.squaredError === null || this.absoluteError === null || this.percentageError === null) {
        [this.squaredError, this.absoluteError, this.percentageError] = [batch.squared, batch.absolute, batch.percentage];
        [this.targetMean, this.targetM2] = [batch.mean, m2];
      } else {
        const total = this.count + n;
        const delta = sub(batch.mean, this.targetMean);
        this.targetMean = add(this.targetMean, mul(delta, n / total));
        this.targetM2 = add(add(this.targetM2, m2), mul(square(delta), (this.count * n) / total));
        this.squaredError = add(this.squaredError, batch.squared);
        this.absoluteError = add(this.absoluteError, batch.absolute);
        this.percentageError = add(this.percentageError, batch.percentage);
      }
      this.count += n;
    });
  }

  private read(prediction: Tensor, target: Tensor): [Tensor, Tensor] {
    const p = prediction.detach();
    const y = target.detach();
    const n = p.rank === 0 ? 0 : p.shape[0]!;
    if (p.rank === 0 || y.rank === 0 || y.shape[0] !== n || p.size !== y.size) {
      throw new ShapeError(`${this.name}: predictions ${formatShape(p.shape)} and targets ${formatShape(y.shape)} must hold the same values per sample, [N] or [N, D]`);
    }
    const d = n === 0 ? 1 : p.size / n;
    if (this.squaredError !== null && this.squaredError.shape[0] !== d) {
      throw new ShapeError(`${this.name}: earlier batches had ${this.squaredError.shape[0]} outputs per sample, this one has ${d}`);
    }
    return [cast(p.reshape([n, d]), 'float64'), cast(y.reshape([n, d]), 'float64')];
  }

  /** The totals as numbers, or null before any sample. Reads back once. */
  summary(): RegressionSummary | null {
    if (this.count === 0 || this.squaredError === null || this.absoluteError === null || this.percentageError === null || this.targetM2 === null) return null;
    const numbers = (t: Tensor): number[] => Array.from(t.dataSync(), Number);
    return {
      count: this.count,
      squaredError: numbers(this.squaredError),
      absoluteError: numbers(this.absoluteError),
      absolutePercentageError: numbers(this.percentageError),
      targetSumOfSquares: numbers(this.targetM2),
    };
  }

  reset(): void {
    this.count = 0;
    this.squaredError = null;
    this.absoluteError = null;
    this.percentageError = null;
    this.targetMean = null;
    this.targetM2 = null;
  }
}

/**
 * The mean of per-output values (scikit-learn's uniform_average).
 *
 * @example
 * uniformAverage([0.5, 0.7]); // 0.6
 */
export function uniformAverage(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
