/**
 * Balanced accuracy: the mean of per-class recall, robust to class imbalance (Brodersen et al. 2010).
 */
import type { Tensor } from '../core/index.js';
import { checkClassificationOptions, type ClassificationOptions } from './classification-input.js';
import { ConfusionMatrix } from './confusion-matrix.js';
import type { Metric } from './metric.js';

/**
 * (1/|K|) Σ_{c∈K} tp_c / support_c over the classes K present in the targets, as scikit-learn's
 * `balanced_accuracy_score` (adjusted=False); classes only ever predicted are left out, as there.
 *
 * @throws ValueError for bad options.
 * @example
 * const balanced = new BalancedAccuracy();
 * balanced.update(logits, labels);
 * balanced.result();
 */
export class BalancedAccuracy implements Metric {
  readonly name: string;
  private readonly confusion: ConfusionMatrix;

  constructor(options: ClassificationOptions = {}) {
    checkClassificationOptions('BalancedAccuracy', options);
    this.name = options.name ?? 'balancedAccuracy';
    this.confusion = new ConfusionMatrix({ ...options, name: this.name });
  }

  /** Adds a batch (input rules: classification-input.ts). @throws ShapeError when shapes do not fit. */
  update(prediction: Tensor, target: Tensor): void {
    this.confusion.update(prediction, target);
  }

  /** NaN before any update. */
  result(): number {
    const { truePositives, actual, total } = this.confusion.classCounts();
    if (total === 0) return NaN;
    const recalls = actual.flatMap((support, c) => (support > 0 ? [truePositives[c]! / support] : []));
    return recalls.reduce((s, v) => s + v, 0) / recalls.length;
  }

  reset(): void {
    this.confusion.reset();
  }
}
