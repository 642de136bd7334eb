/**
 * Softmax and log-softmax (primitives): one backend kernel each — a line's maximum, exponentials,
 * sum and normalisation in one pass instead of five ops and four temporaries, which on attention
 * scores and a language model's logits is most of a step's elementwise time. Their gradients are
 * composed from primitives, so they differentiate again:
 *
 *   y = softmax(x):     x̄ = y ⊙ (ȳ − Σ ȳ ⊙ y)
 *   y = logSoftmax(x):  x̄ = ȳ − e^y ⊙ Σ ȳ          (sums along the axis, kept)
 */
import { record } from '../autograd.js';
import { normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { mul, sub } from './binary.js';
import { assertTensor, wrap } from './operand.js';
import { sum } from './reduce.js';
import { cast } from './shape-ops.js';
import { exp } from './unary.js';

/**
 * e^xᵢ / Σⱼ e^xⱼ along `axis` (default last), shifted by the maximum so any finite logits are
 * stable. Integer input gives float32.
 *
 * @example
 * softmax(tensor([1, 2, 3])); // [0.0900, 0.2447, 0.6652]
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  assertTensor('softmax', 'x', x);
  const a = normalizeAxis('softmax', axis, x.rank);
  const xf = x.isFloatingPoint() ? x : cast(x, 'float32');
  const y = wrap(xf.backend, xf.backend.softmax(xf.detach().view(), a, false, xf.dtype), xf.shape);
  return record('softmax', y, [xf], (g) => [mul(y, sub(g, sum(mul(g, y), a, true)))]);
}

/**
 * log softmax(x) = x − logsumexp(x) along `axis` (default last), stable for large logits.
 *
 * @example
 * logSoftmax(tensor([1000, 0])); // [0, -1000]
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  assertTensor('logSoftmax', 'x', x);
  const a = normalizeAxis('logSoftmax', axis, x.rank);
  const xf = x.isFloatingPoint() ? x : cast(x, 'float32');
  const y = wrap(xf.backend, xf.backend.softmax(xf.detach().view(), a, true, xf.dtype), xf.shape);
  return record('logSoftmax', y, [xf], (g) => [sub(g, mul(exp(y), sum(g, a, true)))]);
}
