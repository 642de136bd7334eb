/**
 * The running mean of a value, weighted by sample counts: what `fit` reports as `loss`.
 */
import { add, mul, noGrad, type Tensor, ValueError } from '../core/index.js';

/**
 * Averages per-batch values weighted by batch size, accumulating on the backend.
 *
 * @example
 * const loss = new MeanMetric('loss');
 * loss.updateValue(batchLoss, 32);
 * loss.result();
 */
export class MeanMetric {
  private total: Tensor | null = null;
  private count = 0;

  constructor(readonly name: string) {}

  /** Adds a batch's mean `value` (a one-element tensor) over `samples` samples. */
  updateValue(value: Tensor, samples: number): void {
    if (value.size !== 1) throw new ValueError(`${this.name}: value must have one element, got ${value.size}`);
    if (!(samples > 0)) throw new ValueError(`${this.name}: samples must be positive, got ${samples}`);
    noGrad(() => {
      const weighted = mul(value.detach().cast('float64'), samples);
      this.total = this.total === null ? weighted : add(this.total, weighted);
    });
    this.count += samples;
  }

  /** The weighted mean so far (NaN before any update). */
  result(): number {
    return this.total === null ? NaN : this.total.item() / this.count;
  }

  reset(): void {
    this.total = null;
    this.count = 0;
  }
}
