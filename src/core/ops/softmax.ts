/**
 * Softmax and log-softmax, composed from primitives: the shift by the maximum is detached because
 * softmax is invariant to it, so no gradient code is needed here.
 */
import { normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { div, sub } from './binary.js';
import { assertTensor } from './operand.js';
import { logsumexp, max, sum } from './reduce.js';
import { cast } from './shape-ops.js';
import { exp } from './unary.js';

/**
 * e^xᵢ / Σⱼ e^xⱼ along `axis` (default last). Integer input gives float32.
 *
 * @example
 * softmax(tensor([1, 2, 3])); // [0.0900, 0.2447, 0.6652]
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  assertTensor('softmax', 'x', x);
  const a = normalizeAxis('softmax', axis, x.rank);
  const xf = x.isFloatingPoint() ? x : cast(x, 'float32');
  // An empty axis has no maximum to shift by, and nothing to normalise either.
  const shifted = x.shape[a] === 0 ? xf : sub(xf, max(xf, a, true).detach());
  const e = exp(shifted);
  return div(e, sum(e, a, true));
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
  return sub(xf, logsumexp(xf, a, true));
}
