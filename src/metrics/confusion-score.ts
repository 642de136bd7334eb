/**
 * The shared shape of precision, recall and F1: a per-class score read from confusion counts, then
 * averaged as scikit-learn's `precision_recall_fscore_support` does with its default
 * `zero_division='warn'`, whose warning is replaced here by the documented value 0.
 *
 * - 'binary': the score of class `posLabel` (default 1); refused for more than two classes.
 * - 'micro': the score of the summed counts Σtp, Σpredicted, Σactual (= accuracy for single-label data).
 * - 'macro': the unweighted mean over the classes that occur in the targets or the predictions.
 * - 'weighted': the mean over those classes weighted by support (true count).
 */
import { type Tensor, ValueError } from '../core/index.js';
import { checkClassificationOptions, type ClassificationOptions } from './classification-input.js';
import { type ClassCounts, ConfusionMatrix } from './confusion-matrix.js';
import type { Metric } from './metric.js';

/** How per-class scores are combined. */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted';

const AVERAGES: readonly Average[] = ['binary', 'micro', 'macro', 'weighted'];

/** Options of precision, recall and F1. */
export interface ConfusionScoreOptions extends ClassificationOptions {
  /** Default 'binary', as scikit-learn. */
  readonly average?: Average;
  /** The positive class for average 'binary' (default 1). */
  readonly posLabel?: number;
}

/**
 * x / y, or 0 when y is 0 (scikit-learn's zero_division default, without the warning).
 *
 * @example
 * safeDivide(3, 0); // 0
 */
export function safeDivide(x: number, y: number): number {
  return y === 0 ? 0 : x / y;
}

/**
 * Base class: a confusion matrix underneath, a per-class formula on top.
 *
 * @example
 * class Precision extends ConfusionScore {
 *   protected score(tp: number, predicted: number): number { return safeDivide(tp, predicted); }
 * }
 */
export abstract class ConfusionScore implements Metric {
  readonly name: string;
  readonly average: Average;
  readonly posLabel: number;
  private readonly confusion: ConfusionMatrix;

  /**
   * @param base the metric's name for average 'binary' ('precision'); other averages append 'Macro', 'Micro', 'Weighted'.
   * @throws ValueError for an unknown average, a posLabel that is not a non-negative integer, or bad shared options.
   */
  protected constructor(base: string, options: ConfusionScoreOptions) {
    checkClassificationOptions(base, options);
    const average = options.average ?? 'binary';
    if (!AVERAGES.includes(average)) throw new ValueError(`${base}: average must be one of ${AVERAGES.join(', ')}, got ${String(average)}`);
    const posLabel = options.posLabel ?? 1;
    if (!Number.isInteger(posLabel) || posLabel < 0) throw new ValueError(`${base}: posLabel must be a non-negative integer, got ${posLabel}`);
    this.average = average;
    this.posLabel = posLabel;
    this.name = options.name ?? (average === 'binary' ? base : `${base}${average[0]!.toUpperCase()}${average.slice(1)}`);
    this.confusion = new ConfusionMatrix({ ...options, name: this.name });
  }

  /** The score of one class (or of summed counts) from its true positives, predicted and actual counts. */
  protected abstract score(truePositives: number, predicted: number, actual: number): number;

  /**
   * Adds a batch (input rules: classification-input.ts).
   *
   * @throws ShapeError when shapes do not fit; ValueError for average 'binary' with more than two
   *   classes or a posLabel outside the classes.
   */
  update(prediction: Tensor, target: Tensor): void {
    this.confusion.update(prediction, target);
    const classes = this.confusion.classes;
    if (this.average === 'binary' && classes > 2) {
      this.confusion.reset();
      throw new ValueError(`${this.name}: average 'binary' needs two classes but the predictions hold ${classes}; use average 'macro', 'micro' or 'weighted'`);
    }
    if (this.average === 'binary' && this.posLabel >= classes) {
      this.confusion.reset();
      throw new ValueError(`${this.name}: posLabel ${this.posLabel} is not a class of [0, ${classes - 1}]`);
    }
  }

  /** The averaged score (NaN before any update). */
  result(): number {
    const counts: ClassCounts = this.confusion.classCounts();
    if (counts.total === 0) return NaN;
    const { truePositives: tp, predicted, actual } = counts;
    if (this.average === 'binary') return this.score(tp[this.posLabel]!, predicted[this.posLabel]!, actual[this.posLabel]!);
    // scikit-learn's labels are those present in the targets or the predictions.
    const present = tp.map((_, c) => c).filter((c) => predicted[c]! + actual[c]! > 0);
    const total = (values: number[]): number => present.reduce((s, c) => s + values[c]!, 0);
    if (this.average === 'micro') return this.score(total(tp), total(predicted), total(actual));
    const scores = present.map((c) => this.score(tp[c]!, predicted[c]!, actual[c]!));
    if (this.average === 'macro') return scores.reduce((s, v) => s + v, 0) / present.length;
    return safeDivide(
      present.reduce((s, c, i) => s + actual[c]! * scores[i]!, 0),
      total(actual),
    );
  }

  reset(): void {
    this.confusion.reset();
  }
}
