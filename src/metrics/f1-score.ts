/**
 * F1, the harmonic mean of precision and recall: 2·P·R / (P + R) = 2tp / (2tp + fp + fn).
 */
import { type ConfusionScoreOptions, ConfusionScore, safeDivide } from './confusion-score.js';

/**
 * F1 as scikit-learn's `f1_score` (0 where precision and recall are both 0 or undefined). Micro F1
 * uses the summed counts; macro and weighted F1 average per-class F1 (not the F1 of averaged P, R).
 * Names: 'f1' (binary), 'f1Macro', 'f1Micro', 'f1Weighted'.
 *
 * @throws ValueError for bad options (see ConfusionScore).
 * @example
 * const f1 = new F1Score({ average: 'macro' });
 * f1.update(logits, labels);
 * f1.result();
 */
export class F1Score extends ConfusionScore {
  constructor(options: ConfusionScoreOptions = {}) {
    super('f1', options);
  }

  protected override score(truePositives: number, predicted: number, actual: number): number {
    // 2tp / (2tp + fp + fn), with fp = predicted − tp and fn = actual − tp.
    return safeDivide(2 * truePositives, predicted + actual);
  }
}
