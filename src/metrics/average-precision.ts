/**
 * Average precision: the precision-recall curve summarised as a weighted mean of precisions, each
 * weighted by the recall it adds (no interpolation).
 */
import { noGrad, type Tensor } from '../core/index.js';
import { averagePrecisionOf } from './binary-curve.js';
import { checkClassificationOptions, type ClassificationOptions } from './classification-input.js';
import type { Metric } from './metric.js';
import { ScoreBuffer } from './score-buffer.js';

/**
 * AP = Σₙ (Rₙ − Rₙ₋₁) Pₙ, as scikit-learn's `average_precision_score`. Binary from scores [N] /
 * [N, 1] or [N, 2] (column 1); for C > 2 classes, one-vs-rest macro over the classes present in the
 * targets (what scikit-learn ≥ 1.3 computes for multiclass input, by binarising the labels). A binary
 * problem with no positive sample scores 0, as in scikit-learn. Scores are kept until `result()`.
 *
 * @throws ValueError for bad options.
 * @example
 * const ap = new AveragePrecision();
 * ap.update(probabilities, labels);
 * ap.result(); // 0.87
 */
export class AveragePrecision implements Metric {
  readonly name: string;
  private readonly buffer: ScoreBuffer;

  constructor(options: Omit<ClassificationOptions, 'threshold'> = {}) {
    checkClassificationOptions('AveragePrecision', options);
    this.name = options.name ?? 'averagePrecision';
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
    const { binary, problems } = this.buffer.problems();
    if (binary) return averagePrecisionOf(problems[0]!);
    const present = problems.filter((p) => p.positive.some((v) => v === 1));
    return present.length === 0 ? NaN : present.reduce((s, p) => s + averagePrecisionOf(p), 0) / present.length;
  }

  reset(): void {
    this.buffer.clear();
  }
}
