/**
 * Activation functions composed from primitives (no gradient code of their own): leaky ReLU, GELU
 * and clip, plus `square`.
 */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { add, gt, lt, mul, where } from './binary.js';
import { assertTensor } from './operand.js';
import { erf, tanh } from './unary.js';

/**
 * x for x > 0, `negativeSlope · x` otherwise (default slope 0.01, as PyTorch and Keras).
 *
 * @example
 * leakyRelu(tensor([-2, 3]), 0.1); // [-0.2, 3]
 */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  assertTensor('leakyRelu', 'x', x);
  if (!Number.isFinite(negativeSlope)) throw new ValueError(`leakyRelu: negativeSlope must be finite, got ${negativeSlope}`);
  return where(gt(x, 0), x, mul(x, negativeSlope));
}

const SQRT_HALF = Math.SQRT1_2;
const SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * Gaussian error linear unit (Hendrycks & Gimpel 2016): x·Φ(x) = ½x(1 + erf(x/√2)). With
 * `approximate: 'tanh'`, ½x(1 + tanh(√(2/π)(x + 0.044715x³))) as in GPT-2 and PyTorch's option.
 *
 * @example
 * gelu(tensor([1])); // [0.8413]
 */
export function gelu(x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor {
  assertTensor('gelu', 'x', x);
  if (approximate === 'tanh') {
    const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), SQRT_TWO_OVER_PI);
    return mul(mul(x, 0.5), add(tanh(inner), 1));
  }
  if (approximate !== 'none') throw new ValueError(`gelu: approximate must be 'none' or 'tanh', got ${String(approximate)}`);
  return mul(mul(x, 0.5), add(erf(mul(x, SQRT_HALF)), 1));
}

/**
 * Limits x to [min, max]; pass null to leave a side open. NaN stays NaN. The gradient passes where
 * min ≤ x ≤ max (torch.clamp).
 *
 * @throws ValueError when min > max.
 * @example
 * clip(tensor([-5, 0.5, 5]), 0, 1); // [0, 0.5, 1]
 */
export function clip(x: Tensor, min: number | null, max: number | null): Tensor {
  assertTensor('clip', 'x', x);
  if (min !== null && max !== null && min > max) throw new ValueError(`clip: min ${min} is greater than max ${max}`);
  let out = x;
  if (min !== null) out = where(lt(out, min), min, out);
  if (max !== null) out = where(gt(out, max), max, out);
  return out;
}

/** x². */
export function square(x: Tensor): Tensor {
  assertTensor('square', 'x', x);
  return mul(x, x);
}
