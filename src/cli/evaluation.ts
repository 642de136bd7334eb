/**
 * Evaluation: the scores `sprout train` and `sprout evaluate` report on labelled rows, computed with
 * the library's streaming metrics (scikit-learn parity, docs/metrics.md). Classification takes the
 * class probabilities, so ROC-AUC and log loss see the scores and not only the arg-max; per-class
 * precision, recall and F1 are read from the confusion matrix, as scikit-learn's
 * `classification_report` does.
 */
import { type Tensor } from '../core/index.js';
import { Accuracy, BalancedAccuracy, ConfusionMatrix, F1Score, LogLoss, MeanAbsoluteError, R2Score, RocAuc, RootMeanSquaredError } from '../metrics/index.js';
import type { PipelineTask } from '../data/index.js';

/** Scores of one class. */
export interface ClassScores {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** True samples of the class. */
  readonly support: number;
}

/** What was measured on a labelled split. */
export interface Evaluation {
  readonly task: PipelineTask;
  /** Rows scored. */
  readonly rows: number;
  /** classification: accuracy, balancedAccuracy, f1Macro, rocAuc, logLoss; regression: rmse, mae, r2. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Classification: rows are true classes, columns predicted classes. */
  readonly confusion?: readonly (readonly number[])[];
  readonly perClass?: readonly ClassScores[];
  /** Class names in index order (classification). */
  readonly labels?: readonly string[];
}

/**
 * Scores predictions against targets.
 *
 * @param task Classification or regression.
 * @param outputs Classification: probabilities float [N, C]; regression: predictions float [N].
 * @param y Classification: int32 class indices [N]; regression: float [N].
 * @param labels Class names by index (classification).
 * @example
 * const evaluation = evaluate('classification', probabilities, y, ['0', '1', '2']);
 * evaluation.metrics.accuracy; // 0.97
 */
export function evaluate(task: PipelineTask, outputs: Tensor, y: Tensor, labels: readonly string[] = []): Evaluation {
  const rows = y.shape[0] ?? 0;
  if (task === 'regression') {
    const metrics: Record<string, number> = {};
    for (const metric of [new RootMeanSquaredError(), new MeanAbsoluteError(), new R2Score()]) {
      metric.update(outputs, y);
      metrics[metric.name] = metric.result();
    }
    return { task, rows, metrics };
  }
  const numClasses = labels.length;
  // numClasses keeps a class that the split lacks in the matrix rather than shrinking it.
  const options = { numClasses };
  const confusion = new ConfusionMatrix(options);
  const scorers = [new Accuracy(), new BalancedAccuracy(), new F1Score({ average: 'macro', name: 'f1Macro' }), new RocAuc(options), new LogLoss()];
  confusion.update(outputs, y);
  const metrics: Record<string, number> = {};
  for (const metric of scorers) {
    metric.update(outputs, y);
    metrics[metric.name] = metric.result();
  }
  const matrix = confusion.matrix();
  const counts = confusion.classCounts();
  const perClass = labels.map((label, c): ClassScores => {
    const tp = counts.truePositives[c] ?? 0;
    const precision = ratio(tp, counts.predicted[c] ?? 0);
    const recall = ratio(tp, counts.actual[c] ?? 0);
    return { label, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), support: counts.actual[c] ?? 0 };
  });
  return { task, rows, metrics, confusion: matrix, perClass, labels };
}

/** 0 for 0/0, as scikit-learn's zero_division=0. */
function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}
