/**
 * The knowledge distillation loss of Hinton, Vinyals & Dean 2015 ("Distilling the Knowledge in a
 * Neural Network"):
 *
 *   L = α · T² · KL(softmax(t / T) ‖ softmax(s / T)) + (1 − α) · CE(s, y)
 *
 * with s the student's logits, t the teacher's, T the temperature and y the class labels. The KL
 * term is averaged over the batch (PyTorch's reduction='batchmean'); the T² factor keeps its
 * gradients at the scale of the hard-label term when T changes (the paper's §2). Composed of public
 * ops, so autograd differentiates it; no gradient flows into the teacher's logits.
 */
import { DTypeError, formatShape, logSoftmax, mean, mul, ShapeError, softmax, sub, sum, type Tensor, ValueError } from '../core/index.js';
import { crossEntropy } from '../losses/index.js';

/** Options of {@link distillationLoss}. */
export interface DistillationOptions {
  /** Softening temperature T > 0 (default 4). */
  readonly temperature?: number;
  /** Weight α ∈ [0, 1] of the teacher term (default 0.9). */
  readonly alpha?: number;
}

/** Temperature and alpha, checked. @throws ValueError naming the bad option. */
export function distillationSettings(op: string, options: DistillationOptions): { temperature: number; alpha: number } {
  const temperature = options.temperature ?? 4;
  const alpha = options.alpha ?? 0.9;
  if (typeof temperature !== 'number' || !(temperature > 0) || !Number.isFinite(temperature)) throw new ValueError(`${op}: temperature must be a finite number > 0, got ${temperature}`);
  if (typeof alpha !== 'number' || !(alpha >= 0 && alpha <= 1)) throw new ValueError(`${op}: alpha must be a number in [0, 1], got ${alpha}`);
  return { temperature, alpha };
}

/**
 * The distillation loss, averaged over the batch.
 *
 * @param studentLogits [N, C] float.
 * @param teacherLogits [N, C] float (detached: the teacher does not learn).
 * @param target [N] int32 class indices.
 * @param options Temperature T (default 4) and α (default 0.9).
 * @throws ShapeError when the logits' shapes differ or are not [N, C]; DTypeError for non-float logits;
 *   ValueError for a bad temperature or alpha.
 * @example
 * const loss = distillationLoss(student.forward(x), teacherLogits, y, { temperature: 4, alpha: 0.9 });
 * loss.backward();
 */
export function distillationLoss(studentLogits: Tensor, teacherLogits: Tensor, target: Tensor, options: DistillationOptions = {}): Tensor {
  const op = 'distillationLoss';
  const { temperature, alpha } = distillationSettings(op, options);
  if (studentLogits.rank !== 2 || teacherLogits.shape.join() !== studentLogits.shape.join()) {
    throw new ShapeError(`${op}: studentLogits and teacherLogits must both be [N, C], got ${formatShape(studentLogits.shape)} and ${formatShape(teacherLogits.shape)}`);
  }
  if (!studentLogits.isFloatingPoint() || !teacherLogits.isFloatingPoint()) {
    throw new DTypeError(`${op}: logits must be float, got ${studentLogits.dtype} and ${teacherLogits.dtype}`);
  }
  const teacher = teacherLogits.detach().cast(studentLogits.dtype);
  const logPt = logSoftmax(teacher.div(temperature), 1);
  const logPs = logSoftmax(studentLogits.div(temperature), 1);
  const kl = mean(sum(mul(softmax(teacher.div(temperature), 1), sub(logPt, logPs)), 1));
  const soft = mul(kl, alpha * temperature * temperature);
  if (alpha === 1) return soft;
  return soft.add(mul(crossEntropy(studentLogits, target), 1 - alpha));
}
