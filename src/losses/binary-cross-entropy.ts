/**
 * Binary cross-entropy on probabilities, PyTorch's `binary_cross_entropy`.
 */
import { add, gt, log, maximum, mul, neg, sub, type Tensor, ValueError, where } from '../core/index.js';
import { checkReduction, type LossOptions, reduceLoss } from './reduction.js';
import { checkBroadcastWeight, checkElementwiseTarget, checkFloatTensor } from './validation.js';

/** Options of {@link binaryCrossEntropy}. */
export interface BinaryCrossEntropyOptions extends LossOptions {
  /** Rescales each element's loss; broadcasts to input's shape. The mean stays a plain mean, as in PyTorch. */
  readonly weight?: Tensor;
}

/** PyTorch clamps each log term at −100 so that a confident wrong prediction costs 100, not ∞. */
const LOG_FLOOR = -100;

/**
 * max(log p, −100), with a gradient that stays finite at p = 0: log is taken of 1 there (the result
 * is replaced by the floor anyway), so its gradient is 0 instead of 0/0.
 */
function clampedLog(p: Tensor): Tensor {
  const positive = gt(p, 0);
  return where(positive, maximum(log(where(positive, p, 1)), LOG_FLOOR), LOG_FLOOR);
}

/**
 * Binary cross-entropy between predicted probabilities p and targets y in [0, 1]:
 * ℓᵢ = −wᵢ·(yᵢ·log pᵢ + (1 − yᵢ)·log(1 − pᵢ)), each log clamped to ≥ −100 as PyTorch does.
 * For logits, {@link binaryCrossEntropyWithLogits} is more accurate and stable.
 *
 * @param input Probabilities in [0, 1] (after a sigmoid), float32 or float64, any shape.
 * @param target Targets in [0, 1] of input's shape and dtype.
 * @param options `weight` (broadcasts to input) and `reduction`.
 * @returns A scalar, or per-element losses of input's shape for `'none'`.
 * @throws ShapeError / DTypeError when target or weight does not fit; ValueError when input holds
 *   values outside [0, 1] (probably logits) or NaN, or for a bad reduction.
 * @example
 * binaryCrossEntropy(tensor([0.9, 0.2]), tensor([1, 0])); // (−log 0.9 − log 0.8) / 2 = 0.1643
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: BinaryCrossEntropyOptions = {}): Tensor {
  const p = checkFloatTensor('binaryCrossEntropy', 'input', input);
  const y = checkElementwiseTarget('binaryCrossEntropy', p, target);
  const reduction = checkReduction('binaryCrossEntropy', options.reduction);
  const values = p.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    // Written so that NaN fails too, as in PyTorch: a NaN would otherwise hide behind the log clamp.
    if (!(v >= 0 && v <= 1)) {
      throw new ValueError(
        `binaryCrossEntropy: input must hold probabilities in [0, 1], got ${v}; for logits use binaryCrossEntropyWithLogits`,
      );
    }
  }
  // −(y·log p + (1 − y)·log(1 − p))
  let losses = neg(add(mul(y, clampedLog(p)), mul(sub(1, y), clampedLog(sub(1, p)))));
  if (options.weight !== undefined) losses = mul(losses, checkBroadcastWeight('binaryCrossEntropy', 'weight', options.weight, p.shape, p.dtype));
  return reduceLoss(losses, reduction);
}
