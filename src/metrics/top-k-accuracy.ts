/**
 * Top-k accuracy: the fraction of samples whose true class is among the k highest scores.
 */
import { add, arange, cast, eq, gt, logicalAnd, lt, mul, noGrad, sum, type Tensor, unsqueeze, ValueError } from '../core/index.js';
import { checkClassificationOptions, type ClassificationOptions, oneHotRows, readScores } from './classification-input.js';
import type { Metric } from './metric.js';

/** Options of {@link TopKAccuracy}. */
export interface TopKAccuracyOptions extends ClassificationOptions {
  /** How many of the highest scores count (default 5, as Keras). */
  readonly k?: number;
}

/**
 * As scikit-learn's `top_k_accuracy_score`. A sample is a hit when the rank of its true class t,
 * #{j : s_j > s_t} + #{j > t : s_j = s_t}, is below k: ties go to the larger class index, as
 * scikit-learn's reversed stable argsort does. Binary scores [N]: k = 1 compares score > threshold
 * with the label, k ≥ 2 is always a hit. Counts stay on the backend between batches.
 *
 * @throws ValueError for k that is not a positive integer, or bad shared options.
 * @example
 * const top3 = new TopKAccuracy({ k: 3 });
 * top3.update(logits, labels);
 * top3.result(); // 0.97
 */
export class TopKAccuracy implements Metric {
  readonly name: string;
  readonly k: number;
  private readonly options: TopKAccuracyOptions;
  private hits: Tensor | null = null;
  private matched: Tensor | null = null;
  private count = 0;

  constructor(options: TopKAccuracyOptions = {}) {
    checkClassificationOptions('TopKAccuracy', options);
    const k = options.k ?? 5;
    if (!Number.isInteger(k) || k < 1) throw new ValueError(`TopKAccuracy: k must be a positive integer, got ${k}`);
    this.k = k;
    this.name = options.name ?? `topKAccuracy@${k}`;
    this.options = options;
  }

  /**
   * Adds a batch (input rules: classification-input.ts).
   *
   * @throws DTypeError for label predictions; ShapeError when shapes do not fit.
   */
  update(prediction: Tensor, target: Tensor): void {
    noGrad(() => {
      const { scores, actual, numClasses, binary } = readScores(this.name, prediction, target, this.options);
      const truth = oneHotRows(actual, numClasses);
      let hit: Tensor;
      if (binary) {
        const predicted = cast(gt(scores, this.options.threshold ?? 0.5), 'int32');
        hit = this.k >= 2 ? sum(truth, 1) : cast(eq(predicted, actual), 'float64');
      } else {
        const trueScore = unsqueeze(sum(mul(truth, scores), 1), 1);
        const after = gt(arange(numClasses, undefined, 1, { dtype: 'int32' }), unsqueeze(actual, 1));
        const rank = add(sum(cast(gt(scores, trueScore), 'int32'), 1), sum(cast(logicalAnd(eq(scores, trueScore), after), 'int32'), 1));
        // A label outside the classes has an all-zero one-hot row: it is not counted as a hit.
        hit = mul(cast(lt(rank, this.k), 'float64'), sum(truth, 1));
      }
      const batch = sum(hit);
      const matched = sum(truth);
      this.hits = this.hits === null ? batch : add(this.hits, batch);
      this.matched = this.matched === null ? matched : add(this.matched, matched);
      this.count += actual.size;
    });
  }

  /**
   * Hits / samples (NaN before any update).
   *
   * @throws ValueError when some target was outside the classes.
   */
  result(): number {
    if (this.hits === null || this.matched === null || this.count === 0) return NaN;
    const matched = this.matched.item();
    if (matched !== this.count) throw new ValueError(`${this.name}: ${this.count - matched} of ${this.count} targets are outside the classes of the predictions`);
    return this.hits.item() / this.count;
  }

  reset(): void {
    this.hits = null;
    this.matched = null;
    this.count = 0;
  }
}
