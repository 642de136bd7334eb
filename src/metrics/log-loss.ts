/**
 * Log loss (cross-entropy) of predicted probabilities against the true classes.
 */
import { abs, add, clip, div, exp, log, log1p, logSoftmax, maximum, mul, neg, noGrad, sub, sum, type Tensor, ValueError } from '../core/index.js';
import { checkClassificationOptions, type ClassificationOptions, oneHotRows, readScores } from './classification-input.js';
import type { Metric } from './metric.js';

/** Options of {@link LogLoss}. */
export interface LogLossOptions extends Omit<ClassificationOptions, 'threshold'> {
  /** Predictions are logits: log-softmax ([N, C]) or log-sigmoid ([N]) is applied exactly, without clipping. */
  readonly fromLogits?: boolean;
}

/**
 * Mean of −log p(true class), as scikit-learn's `log_loss`. Probabilities are clipped to
 * [eps, 1 − eps] with eps the machine epsilon of the prediction dtype (2⁻⁵² for float64, 2⁻²³ for
 * float32), and rows of [N, C] are divided by their sum after clipping, as scikit-learn does. Binary
 * predictions [N] are p(class 1): loss = −(y log p + (1 − y) log(1 − p)). With `fromLogits`,
 * loss = −log_softmax(z)[y] for [N, C], and max(z, 0) − z·y + log(1 + e^−|z|) for binary logits.
 * Totals stay on the backend between batches.
 *
 * @throws ValueError for bad options.
 * @example
 * const logLoss = new LogLoss({ fromLogits: true });
 * logLoss.update(logits, labels);
 * logLoss.result(); // 0.42
 */
export class LogLoss implements Metric {
  readonly name: string;
  private readonly options: LogLossOptions;
  private readonly fromLogits: boolean;
  private total: Tensor | null = null;
  private matched: Tensor | null = null;
  private count = 0;

  constructor(options: LogLossOptions = {}) {
    checkClassificationOptions('LogLoss', options);
    if (options.fromLogits !== undefined && typeof options.fromLogits !== 'boolean') {
      throw new ValueError(`LogLoss: fromLogits must be a boolean, got ${String(options.fromLogits)}`);
    }
    this.name = options.name ?? 'logLoss';
    this.options = options;
    this.fromLogits = options.fromLogits ?? false;
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
      const losses = binary ? this.binaryLosses(scores, truth, prediction) : this.multiclassLosses(scores, truth, prediction);
      const batch = sum(losses);
      const matched = sum(truth);
      this.total = this.total === null ? batch : add(this.total, batch);
      this.matched = this.matched === null ? matched : add(this.matched, matched);
      this.count += actual.size;
    });
  }

  private epsilon(prediction: Tensor): number {
    return prediction.dtype === 'float64' ? 2 ** -52 : 2 ** -23;
  }

  /** Per-sample losses of [N] scores; `truth` is one-hot [N, 2]. */
  private binaryLosses(scores: Tensor, truth: Tensor, prediction: Tensor): Tensor {
    const y = truth.narrow(1, 1, 1).reshape([-1]);
    if (this.fromLogits) {
      // −[y log σ(z) + (1 − y) log σ(−z)] = max(z, 0) − z·y + log(1 + e^−|z|), stable for any z.
      return add(sub(maximum(scores, 0), mul(scores, y)), log1p(exp(neg(abs(scores)))));
    }
    const eps = this.epsilon(prediction);
    const p = clip(scores, eps, 1 - eps);
    return neg(add(mul(y, log(p)), mul(sub(1, y), log(sub(1, p)))));
  }

  /** Per-sample losses of [N, C] scores; `truth` is one-hot [N, C]. */
  private multiclassLosses(scores: Tensor, truth: Tensor, prediction: Tensor): Tensor {
    if (this.fromLogits) return neg(sum(mul(truth, logSoftmax(scores, 1)), 1));
    const eps = this.epsilon(prediction);
    const p = clip(scores, eps, 1 - eps);
    return neg(log(div(sum(mul(truth, p), 1), sum(p, 1))));
  }

  /**
   * Mean loss (NaN before any update).
   *
   * @throws ValueError when some target was outside the classes.
   */
  result(): number {
    if (this.total === null || this.matched === null || this.count === 0) return NaN;
    const matched = this.matched.item();
    if (matched !== this.count) throw new ValueError(`${this.name}: ${this.count - matched} of ${this.count} targets are outside the classes of the predictions`);
    return this.total.item() / this.count;
  }

  reset(): void {
    this.total = null;
    this.matched = null;
    this.count = 0;
  }
}
