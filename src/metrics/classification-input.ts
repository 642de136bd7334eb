/**
 * How classification metrics read `update(prediction, target)`: the rules live here, once, and
 * docs/metrics.md repeats them. N is the batch size, C the number of classes.
 *
 * Predictions:
 * 1. float [N, C] with C ≥ 2: class scores (logits or probabilities). The predicted label is the
 *    argmax (the first of equal maxima, as NumPy). Score metrics (ROC-AUC, average precision, log
 *    loss, top-k) use the scores themselves. C is the number of classes.
 * 2. float [N] or [N, 1]: binary, the score of class 1 (a probability, or a logit with
 *    `threshold: 0`). The predicted label is 1 where score > threshold (default 0.5). C = 2.
 * 3. int32 or bool [N] or [N, 1]: class labels. C is the `numClasses` option, else the width of
 *    one-hot targets, else 2. Score metrics refuse labels.
 *
 * Targets: class indices [N] or [N, 1] (int32 or float holding integers; with binary predictions
 * (rule 2) a float target counts as class 1 where it is > 0.5, as Keras reads soft binary labels),
 * or one-hot (or soft) rows [N, C] read by argmax.
 *
 * Nothing here reads values back: labels outside [0, C) cannot be seen until a metric reads its
 * totals, so each metric counts the samples its one-hot rows hold and throws at `result()` when
 * some fell outside.
 */
import { argmax, arange, cast, DTypeError, eq, formatShape, gt, round, ShapeError, type Tensor, unsqueeze, ValueError } from '../core/index.js';

/** Options every classification metric accepts. */
export interface ClassificationOptions {
  /** Name in logs and history. */
  readonly name?: string;
  /** Binary predictions [N] / [N, 1]: label 1 where score > threshold (default 0.5; 0 for logits). */
  readonly threshold?: number;
  /** Number of classes when predictions are labels (rule 3); default: one-hot target width, else 2. */
  readonly numClasses?: number;
}

/** Predicted and true labels of a batch, as int32 [N], and the number of classes. */
export interface LabelBatch {
  readonly predicted: Tensor;
  readonly actual: Tensor;
  readonly numClasses: number;
}

/** Scores of a batch and true labels (int32 [N]). `scores` is float64 [N, C], or [N] when binary. */
export interface ScoreBatch {
  readonly scores: Tensor;
  readonly actual: Tensor;
  readonly numClasses: number;
  /** True for rule 2: `scores` is [N], the score of class 1. */
  readonly binary: boolean;
}

/**
 * Validates the options shared by classification metrics.
 *
 * @throws ValueError for a non-finite threshold or a numClasses that is not an integer ≥ 2.
 * @example
 * checkClassificationOptions('f1Macro', { threshold: 0 }); // passes
 */
export function checkClassificationOptions(name: string, options: ClassificationOptions): void {
  if (options.threshold !== undefined && !Number.isFinite(options.threshold)) {
    throw new ValueError(`${name}: threshold must be a finite number, got ${options.threshold}`);
  }
  if (options.numClasses !== undefined && (!Number.isInteger(options.numClasses) || options.numClasses < 2)) {
    throw new ValueError(`${name}: numClasses must be an integer ≥ 2, got ${options.numClasses}`);
  }
}

function batchSize(name: string, prediction: Tensor): number {
  if (prediction.rank < 1 || prediction.rank > 2) {
    throw new ShapeError(`${name}: predictions must be [N], [N, 1] or [N, C], got ${formatShape(prediction.shape)}`);
  }
  return prediction.shape[0]!;
}

/** True class indices as int32 [N] (rounding floats, so 2.9999999 is class 3). */
function readTarget(name: string, prediction: Tensor, target: Tensor, n: number, binary: boolean): Tensor {
  const t = target.detach();
  if (t.rank === 2 && t.shape[0] === n && t.shape[1]! > 1) return argmax(t, 1);
  if (t.size !== n || t.rank > 2 || t.shape[0] !== n) {
    throw new ShapeError(
      `${name}: targets must be [${n}] or [${n}, 1] class indices or [${n}, C] one-hot for predictions ${formatShape(prediction.shape)}, got ${formatShape(target.shape)}`,
    );
  }
  const flat = t.reshape([n]);
  if (flat.dtype === 'int32') return flat;
  if (binary && flat.isFloatingPoint()) return cast(gt(flat, 0.5), 'int32');
  return cast(flat.isFloatingPoint() ? round(flat) : flat, 'int32');
}

function isLabels(prediction: Tensor): boolean {
  return !prediction.isFloatingPoint() && (prediction.rank === 1 || prediction.shape[1] === 1);
}

/**
 * Predicted and true labels by the rules above.
 *
 * @throws ShapeError when the shapes do not fit each other; ValueError when numClasses disagrees
 *   with the width of the scores.
 * @example
 * const { predicted, actual, numClasses } = readLabels('f1Macro', logits, labels, {});
 */
export function readLabels(name: string, prediction: Tensor, target: Tensor, options: ClassificationOptions): LabelBatch {
  const p = prediction.detach();
  const n = batchSize(name, p);
  if (isLabels(p)) {
    const oneHotWidth = target.rank === 2 && target.shape[1]! > 1 ? target.shape[1]! : undefined;
    const numClasses = options.numClasses ?? oneHotWidth ?? 2;
    return { predicted: cast(p.reshape([n]), 'int32'), actual: readTarget(name, prediction, target, n, false), numClasses };
  }
  if (!p.isFloatingPoint()) {
    throw new ShapeError(`${name}: label predictions (${p.dtype}) must be [N] or [N, 1], got ${formatShape(p.shape)}`);
  }
  if (p.rank === 2 && p.shape[1]! > 1) {
    const numClasses = p.shape[1]!;
    checkWidth(name, options, numClasses);
    return { predicted: argmax(p, 1), actual: readTarget(name, prediction, target, n, false), numClasses };
  }
  checkWidth(name, options, 2);
  const predicted = cast(gt(p.reshape([n]), options.threshold ?? 0.5), 'int32');
  return { predicted, actual: readTarget(name, prediction, target, n, true), numClasses: 2 };
}

/**
 * Scores and true labels by the rules above, for metrics that rank or score probabilities.
 *
 * @throws DTypeError for label predictions; ShapeError when the shapes do not fit.
 * @example
 * const { scores, actual, binary } = readScores('rocAuc', probabilities, labels, {});
 */
export function readScores(name: string, prediction: Tensor, target: Tensor, options: ClassificationOptions): ScoreBatch {
  const p = prediction.detach();
  const n = batchSize(name, p);
  if (!p.isFloatingPoint()) {
    throw new DTypeError(`${name}: predictions must be float scores or probabilities, got ${p.dtype} labels`);
  }
  if (p.rank === 2 && p.shape[1]! > 1) {
    const numClasses = p.shape[1]!;
    checkWidth(name, options, numClasses);
    return { scores: cast(p, 'float64'), actual: readTarget(name, prediction, target, n, false), numClasses, binary: false };
  }
  checkWidth(name, options, 2);
  return { scores: cast(p.reshape([n]), 'float64'), actual: readTarget(name, prediction, target, n, true), numClasses: 2, binary: true };
}

function checkWidth(name: string, options: ClassificationOptions, numClasses: number): void {
  if (options.numClasses !== undefined && options.numClasses !== numClasses) {
    throw new ValueError(`${name}: numClasses is ${options.numClasses} but the predictions hold ${numClasses} classes`);
  }
}

/**
 * One-hot rows as float64 [N, C], built by comparison so nothing is read back; a label outside
 * [0, C) gives a row of zeros (which the caller's totals then reveal).
 *
 * @example
 * oneHotRows(tensor([0, 2], { dtype: 'int32' }), 3); // [[1, 0, 0], [0, 0, 1]] as float64
 */
export function oneHotRows(labels: Tensor, numClasses: number): Tensor {
  return cast(eq(unsqueeze(labels, 1), arange(numClasses, undefined, 1, { dtype: 'int32' })), 'float64');
}
