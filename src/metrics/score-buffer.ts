/**
 * Keeps the scores and labels of every batch for metrics that rank all samples at once (ROC-AUC,
 * average precision). Batches stay on the backend as detached tensors and are joined and read back
 * once, in `result()`; memory grows as N × C numbers until `reset()`.
 */
import { cast, concat, ShapeError, type Tensor, ValueError } from '../core/index.js';
import { type ClassificationOptions, readScores } from './classification-input.js';

/** One ranking problem: a score per sample and whether each sample is positive. */
export interface BinaryProblem {
  readonly scores: Float64Array;
  readonly positive: Uint8Array;
}

/**
 * Scores and labels gathered over batches, read back as one binary problem (binary predictions, or
 * [N, 2] scores whose column 1 is the positive class) or one problem per class, one-vs-rest.
 *
 * @example
 * const buffer = new ScoreBuffer('rocAuc', {});
 * buffer.add(probabilities, labels);
 * buffer.problems(); // [{ scores, positive }, …]
 */
export class ScoreBuffer {
  private scores: Tensor[] = [];
  private labels: Tensor[] = [];
  private numClasses = 0;
  private binary = false;

  constructor(private readonly name: string, private readonly options: ClassificationOptions) {}

  /** @throws ShapeError when shapes do not fit or the class count changes; DTypeError for label predictions. */
  add(prediction: Tensor, target: Tensor): void {
    const batch = readScores(this.name, prediction, target, this.options);
    if (this.scores.length > 0 && (batch.numClasses !== this.numClasses || batch.binary !== this.binary)) {
      throw new ShapeError(`${this.name}: earlier batches had ${this.binary ? 'binary scores' : `${this.numClasses} classes`}, this one has ${batch.binary ? 'binary scores' : `${batch.numClasses} classes`}`);
    }
    this.scores.push(batch.scores);
    this.labels.push(cast(batch.actual, 'int32'));
    this.numClasses = batch.numClasses;
    this.binary = batch.binary;
  }

  /** True before any batch. */
  get empty(): boolean {
    return this.scores.length === 0;
  }

  /**
   * The binary problem (`oneVsRest` false, or data that is binary) or one problem per class.
   *
   * @throws ValueError for a label outside [0, C).
   */
  problems(): { readonly binary: boolean; readonly problems: BinaryProblem[] } {
    const labels = concat(this.labels, 0).dataSync();
    const scores = concat(this.scores, 0).dataSync();
    const n = labels.length;
    const c = this.numClasses;
    for (let i = 0; i < n; i++) {
      if (labels[i]! < 0 || labels[i]! >= c) throw new ValueError(`${this.name}: target ${labels[i]} is outside the classes [0, ${c - 1}]`);
    }
    // A NaN score has no place in a ranking (scikit-learn refuses NaN input too).
    if (scores.some((v) => Number.isNaN(v))) throw new ValueError(`${this.name}: predictions contain NaN`);
    const column = (k: number): BinaryProblem => {
      const s = new Float64Array(n);
      const positive = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        s[i] = this.binary ? scores[i]! : scores[i * c + k]!;
        positive[i] = labels[i] === k ? 1 : 0;
      }
      return { scores: s, positive };
    };
    if (this.binary || c === 2) return { binary: true, problems: [column(1)] };
    return { binary: false, problems: Array.from({ length: c }, (_, k) => column(k)) };
  }

  clear(): void {
    this.scores = [];
    this.labels = [];
    this.numClasses = 0;
    this.binary = false;
  }
}
