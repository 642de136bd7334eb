/**
 * Precision, tp / (tp + fp): of the samples predicted as a class, the fraction that belong to it.
 */
import { type ConfusionScoreOptions, ConfusionScore, safeDivide } from './confusion-score.js';

/**
 * Precision as scikit-learn's `precision_score` (0 where nothing was predicted as the class).
 * Names: 'precision' (binary), 'precisionMacro', 'precisionMicro', 'precisionWeighted'.
 *
 * @throws ValueError for bad options (see ConfusionScore).
 * @example
 * const precision = new Precision({ average: 'macro' });
 * precision.update(logits, labels);
 * precision.result();
 */
export class Precision extends ConfusionScore {
  constructor(options: ConfusionScoreOptions = {}) {
    super('precision', options);
  }

  protected override score(truePositives: number, predicted: number): number {
    return safeDivide(truePositives, predicted);
  }
}
