/**
 * The report of an intent classifier on labelled texts: accuracy, macro F1, the confusion matrix,
 * per-class precision/recall/F1 and, when an out-of-scope label is in play, the two numbers of the
 * CLINC150 paper (Larson et al. 2019, §4): **in-scope accuracy** — accuracy over the examples whose
 * true label is not out-of-scope, where answering "out of scope" counts as wrong — and
 * **out-of-scope recall** — the fraction of out-of-scope examples predicted as out-of-scope.
 *
 * Macro F1 averages over the labels that occur among the true or the predicted labels, as
 * scikit-learn's `f1_score(average='macro')` does by default.
 */
import { DataError } from '../../core/index.js';

/** Precision, recall and F1 of one label, with its support (true examples). */
export interface LabelScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

/** What {@link TextClassifier.evaluate} returns. */
export interface TextClassificationReport {
  /** Examples evaluated. */
  readonly samples: number;
  /** Fraction predicted exactly right (out-of-scope counts as a label). */
  readonly accuracy: number;
  /** Unweighted mean F1 over the labels present among true or predicted labels. */
  readonly f1Macro: number;
  /** Accuracy over the in-scope examples, or null when there is no out-of-scope label or no in-scope example. */
  readonly inScopeAccuracy: number | null;
  /** Fraction of out-of-scope examples flagged out-of-scope, or null when there is none. */
  readonly outOfScopeRecall: number | null;
  /** Row and column names of the confusion matrix. */
  readonly labels: readonly string[];
  /** confusionMatrix[true][predicted] counts, in the order of `labels`. */
  readonly confusionMatrix: readonly (readonly number[])[];
  /** Scores per label. */
  readonly perLabel: Readonly<Record<string, LabelScores>>;
}

/**
 * Builds the report from true and predicted labels.
 *
 * @param labels Known labels, in order (extra labels found in the data are appended).
 * @param outOfScopeLabel The out-of-scope label, or null.
 * @throws DataError when the arrays differ in length or are empty.
 * @example
 * const report = textClassificationReport(['a', 'oos'], ['a', 'a'], ['a', 'oos'], 'oos');
 * report.inScopeAccuracy;   // 1
 * report.outOfScopeRecall;  // 0
 */
export function textClassificationReport(
  actual: readonly string[],
  predicted: readonly string[],
  labels: readonly string[],
  outOfScopeLabel: string | null,
): TextClassificationReport {
  if (actual.length !== predicted.length) throw new DataError(`textClassificationReport: ${actual.length} true labels but ${predicted.length} predictions`);
  if (actual.length === 0) throw new DataError('textClassificationReport: no examples to evaluate');
  const names = [...labels];
  const index = new Map(names.map((l, i) => [l, i]));
  const indexOf = (label: string): number => {
    let i = index.get(label);
    if (i === undefined) {
      i = names.length;
      names.push(label);
      index.set(label, i);
    }
    return i;
  };
  const pairs = actual.map((a, k) => [indexOf(a), indexOf(predicted[k]!)] as const);
  const c = names.length;
  const matrix = Array.from({ length: c }, () => new Array<number>(c).fill(0));
  let correct = 0;
  let inScope = 0;
  let inScopeCorrect = 0;
  let oos = 0;
  let oosFound = 0;
  const oosIndex = outOfScopeLabel === null ? -1 : (index.get(outOfScopeLabel) ?? -1);
  for (const [a, p] of pairs) {
    matrix[a]![p]!++;
    if (a === p) correct++;
    if (a === oosIndex) {
      oos++;
      if (p === oosIndex) oosFound++;
    } else {
      inScope++;
      if (a === p) inScopeCorrect++;
    }
  }
  const perLabel: Record<string, LabelScores> = {};
  let f1Sum = 0;
  let present = 0;
  for (let k = 0; k < c; k++) {
    const tp = matrix[k]![k]!;
    const support = matrix[k]!.reduce((s, v) => s + v, 0);
    const predictedCount = matrix.reduce((s, row) => s + row[k]!, 0);
    const precision = predictedCount === 0 ? 0 : tp / predictedCount;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perLabel[names[k]!] = { precision, recall, f1, support };
    if (support > 0 || predictedCount > 0) {
      f1Sum += f1;
      present++;
    }
  }
  const hasOos = outOfScopeLabel !== null;
  return {
    samples: actual.length,
    accuracy: correct / actual.length,
    f1Macro: f1Sum / present,
    inScopeAccuracy: hasOos && inScope > 0 ? inScopeCorrect / inScope : null,
    outOfScopeRecall: hasOos && oos > 0 ? oosFound / oos : null,
    labels: names,
    confusionMatrix: matrix,
    perLabel,
  };
}
