/**
 * The confusion matrix as a streaming metric, and the per-class counts that balanced accuracy,
 * precision, recall and F1 are read from. Each batch adds onehot(actual)ᵀ · onehot(predicted), a
 * [C, C] matmul on the backend, so updates never wait on a read-back; `matrix()` reads once.
 */
import { add, matmul, noGrad, ShapeError, type Tensor, transpose, ValueError } from '../core/index.js';
import { checkClassificationOptions, type ClassificationOptions, oneHotRows, readLabels } from './classification-input.js';
import type { Metric } from './metric.js';

/** Per-class counts from a confusion matrix M (rows: true class, columns: predicted class). */
export interface ClassCounts {
  /** M[c][c]. */
  readonly truePositives: number[];
  /** Σᵣ M[r][c]: samples predicted as c. */
  readonly predicted: number[];
  /** Σ_col M[c][col]: samples whose true class is c (the support). */
  readonly actual: number[];
  /** Samples counted. */
  readonly total: number;
}

/**
 * Counts of (true class, predicted class) pairs, as scikit-learn's `confusion_matrix` with
 * `labels = [0, …, C−1]`. `result()` is the accuracy, trace(M) / ΣM.
 *
 * @example
 * const cm = new ConfusionMatrix();
 * cm.update(logits, labels);
 * cm.matrix(); // [[50, 2, 0], [1, 45, 4], [0, 3, 47]]
 * cm.result(); // accuracy, 0.947
 */
export class ConfusionMatrix implements Metric {
  readonly name: string;
  private readonly options: ClassificationOptions;
  private counts: Tensor | null = null;
  private numClasses = 0;
  private samples = 0;

  /**
   * @param options name (default 'confusionMatrix'), threshold for binary scores, numClasses for label predictions.
   * @throws ValueError for a non-finite threshold or numClasses < 2.
   */
  constructor(options: ClassificationOptions = {}) {
    checkClassificationOptions('ConfusionMatrix', options);
    this.name = options.name ?? 'confusionMatrix';
    this.options = options;
  }

  /**
   * Adds a batch (input rules: classification-input.ts).
   *
   * @throws ShapeError when shapes do not fit, or the number of classes changes between batches.
   */
  update(prediction: Tensor, target: Tensor): void {
    noGrad(() => {
      const { predicted, actual, numClasses } = readLabels(this.name, prediction, target, this.options);
      if (this.counts !== null && numClasses !== this.numClasses) {
        throw new ShapeError(`${this.name}: earlier batches had ${this.numClasses} classes, this one has ${numClasses}`);
      }
      const batch = matmul(transpose(oneHotRows(actual, numClasses)), oneHotRows(predicted, numClasses));
      this.counts = this.counts === null ? batch : add(this.counts, batch);
      this.numClasses = numClasses;
      this.samples += actual.size;
    });
  }

  /**
   * The C × C counts (rows: true class, columns: predicted class); [] before any update.
   *
   * @throws ValueError when some label fell outside [0, C) (pass `numClasses` for label predictions).
   */
  matrix(): number[][] {
    if (this.counts === null) return [];
    const flat = this.counts.dataSync();
    const c = this.numClasses;
    const rows = Array.from({ length: c }, (_, i) => Array.from({ length: c }, (_, j) => flat[i * c + j]!));
    const counted = rows.reduce((s, r) => s + r.reduce((a, b) => a + b, 0), 0);
    if (counted !== this.samples) {
      throw new ValueError(
        `${this.name}: ${this.samples - counted} of ${this.samples} samples have a true or predicted label outside [0, ${c - 1}]; pass numClasses for label predictions`,
      );
    }
    return rows;
  }

  /** Per-class counts (empty arrays and total 0 before any update). */
  classCounts(): ClassCounts {
    const m = this.matrix();
    return {
      truePositives: m.map((row, c) => row[c]!),
      predicted: m.map((_, c) => m.reduce((s, row) => s + row[c]!, 0)),
      actual: m.map((row) => row.reduce((s, v) => s + v, 0)),
      total: this.samples,
    };
  }

  /** The number of classes seen (0 before any update). */
  get classes(): number {
    return this.numClasses;
  }

  /** Accuracy, trace(M) / ΣM (NaN before any update). */
  result(): number {
    const counts = this.classCounts();
    if (counts.total === 0) return NaN;
    return counts.truePositives.reduce((s, v) => s + v, 0) / counts.total;
  }

  reset(): void {
    this.counts = null;
    this.numClasses = 0;
    this.samples = 0;
  }
}
