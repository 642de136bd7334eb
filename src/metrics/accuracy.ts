/**
 * Classification accuracy as a streaming metric. The kind of problem is read from the shapes, as
 * Keras's 'accuracy' does (rules: classification-input.ts): predictions [N, C] with C > 1 against
 * class indices [N] (or one-hot [N, C]) use the argmax; float predictions [N] or [N, 1] are binary,
 * thresholded at `threshold` (0.5 for probabilities; pass 0 for logits); int32 predictions are labels.
 */
import { add, cast, eq, noGrad, sum, type Tensor } from '../core/index.js';
import { checkClassificationOptions, type ClassificationOptions, readLabels } from './classification-input.js';
import type { Metric } from './metric.js';

/**
 * Fraction of correct predictions, as scikit-learn's `accuracy_score`. The count of hits stays on
 * the backend between batches.
 *
 * @throws ValueError for a non-finite threshold.
 * @example
 * const accuracy = new Accuracy();
 * accuracy.update(logits, labels);
 * accuracy.result(); // 0.93
 */
export class Accuracy implements Metric {
  readonly name: string;
  private readonly options: ClassificationOptions;
  private correct: Tensor | null = null;
  private count = 0;

  constructor(options: ClassificationOptions = {}) {
    checkClassificationOptions('Accuracy', options);
    this.name = options.name ?? 'accuracy';
    this.options = options;
  }

  /**
   * Adds a batch.
   *
   * @throws ShapeError naming the shapes that do not fit.
   */
  update(prediction: Tensor, target: Tensor): void {
    noGrad(() => {
      const { predicted, actual } = readLabels(this.name, prediction, target, this.options);
      const batch = sum(cast(eq(predicted, actual), 'int32'));
      this.correct = this.correct === null ? batch : add(this.correct, batch);
      this.count += actual.size;
    });
  }

  /** Hits / samples (NaN before any update). */
  result(): number {
    return this.correct === null || this.count === 0 ? NaN : this.correct.item() / this.count;
  }

  reset(): void {
    this.correct = null;
    this.count = 0;
  }
}
