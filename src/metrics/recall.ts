/**
 * Recall, tp / (tp + fn): of the samples of a class, the fraction predicted as it.
 */
import { type ConfusionScoreOptions, ConfusionScore, safeDivide } from './confusion-score.js';

/**
 * Recall as scikit-learn's `recall_score` (0 where the class has no samples).
 * Names: 'recall' (binary), 'recallMacro', 'recallMicro', 'recallWeighted'.
 *
 * @throws ValueError for bad options (see ConfusionScore).
 * @example
 * const recall = new Recall({ average: 'weighted' });
 * recall.update(logits, labels);
 * recall.result();
 */
export class Recall extends ConfusionScore {
  constructor(options: ConfusionScoreOptions = {}) {
    super('recall', options);
  }

  protected override score(truePositives: number, _predicted: number, actual: number): number {
    return safeDivide(truePositives, actual);
  }
}
