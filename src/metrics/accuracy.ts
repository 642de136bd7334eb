/**
 * Classification accuracy as a streaming metric. The kind of problem is read from the shapes, as
 * Keras's 'accuracy' does: predictions [N, C] with C > 1 against class indices [N] (or one-hot
 * [N, C]) use the argmax; predictions [N] or [N, 1] are binary, thresholded at `threshold`
 * (0.5 for probabilities; pass 0 for logits).
 */
import { add, argmax, cast, eq, formatShape, gt, noGrad, ShapeError, sum, type Tensor } from '../core/index.js';
import type { Metric } from './metric.js';

/**
 * Fraction of correct predictions.
 *
 * @example
 * const accuracy = new Accuracy();
 * accuracy.update(logits, labels);
 * accuracy.result(); // 0.93
 */
export class Accuracy implements Metric {
  readonly name: string;
  private correct: Tensor | null = null;
  private count = 0;

  constructor(options: { name?: string; threshold?: number } = {}) {
    this.name = options.name ?? 'accuracy';
    this.threshold = options.threshold ?? 0.5;
  }

  private readonly threshold: number;

  update(prediction: Tensor, target: Tensor): void {
    noGrad(() => {
      const hits = this.hits(prediction.detach(), target.detach());
      const batch = sum(cast(hits, 'int32'));
      this.correct = this.correct === null ? batch : add(this.correct, batch);
      this.count += hits.size;
    });
  }

  private hits(prediction: Tensor, target: Tensor): Tensor {
    const n = prediction.shape[0];
    const multiclass = prediction.rank === 2 && prediction.shape[1]! > 1;
    if (multiclass) {
      const labels = target.rank === 2 ? argmax(target, 1) : target;
      if (labels.rank !== 1 || labels.shape[0] !== n) {
        throw new ShapeError(`${this.name}: targets must be [${n}] class indices or [${n}, C] one-hot for predictions ${formatShape(prediction.shape)}, got ${formatShape(target.shape)}`);
      }
      return eq(argmax(prediction, 1), cast(labels, 'int32'));
    }
    const flat = prediction.reshape([-1]);
    const truth = target.reshape([-1]);
    if (truth.size !== flat.size) {
      throw new ShapeError(`${this.name}: targets ${formatShape(target.shape)} do not match predictions ${formatShape(prediction.shape)}`);
    }
    return eq(gt(flat, this.threshold), gt(truth, 0.5));
  }

  result(): number {
    return this.correct === null ? NaN : this.correct.item() / this.count;
  }

  reset(): void {
    this.correct = null;
    this.count = 0;
  }
}
