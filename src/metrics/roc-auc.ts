/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative
 * (ties count one half), computed exactly over all thresholds.
 */
import { noGrad, type Tensor } from '../core/index.js';
import { rocAucOf } from './binary-curve.js';
import { checkClassificationOptions, type ClassificationOptions } from './classification-input.js';
import type { Metric } from './metric.js';
import { ScoreBuffer } from './score-buffer.js';

/**
 * ROC-AUC as scikit-learn's `roc_auc_score`: binary from scores [N] / [N, 1] (probabilities or
 * logits — only the order matters) or [N, 2] (column 1 is the positive class); for C > 2 classes,
 * one-vs-rest macro: the mean over classes of the AUC of column c against (label = c). Unlike
 * scikit-learn, rows need not sum to 1, and a class with no positive or no negative sample is left
 * out of the mean rather than raising; the result is NaN when no class is left. Scores are kept
 * until `result()` (N × C numbers), which reads them back once.
 *
 * @throws ValueError for bad options.
 * @example
 * const auc = new RocAuc();
 * auc.update(probabilities, labels);
 * auc.result(); // 0.91
 */
export class RocAuc implements Metric {
  readonly name: string;
  private readonly buffer: ScoreBuffer;

  constructor(options: Omit<ClassificationOptions, 'threshold'> = {}) {
    checkClassificationOptions('RocAuc', options);
    this.name = options.name ?? 'rocAuc';
    this.buffer = new ScoreBuffer(this.name, options);
  }

  /**
   * Adds a batch (input rules: classification-input.ts).
   *
   * @throws DTypeError for label predictions; ShapeError when shapes do not fit.
   */
  update(prediction: Tensor, target: Tensor): void {
    noGrad(() => this.buffer.add(prediction, target));
  }

  /**
   * NaN before any update.
   *
   * @throws ValueError for a target outside the classes or a NaN score.
   */
  result(): number {
    if (this.buffer.empty) return NaN;
    const aucs = this.buffer.problems().problems.map(rocAucOf).filter((v) => !Number.isNaN(v));
    return aucs.length === 0 ? NaN : aucs.reduce((s, v) => s + v, 0) / aucs.length;
  }

  reset(): void {
    this.buffer.clear();
  }
}
