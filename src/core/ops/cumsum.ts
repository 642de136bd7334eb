/**
 * Inclusive cumulative sum along an axis (a primitive). Its gradient is the reversed cumulative sum
 * of the output gradient: each input element contributes to every output at or after its position.
 */
import { record } from '../autograd.js';
import { normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertTensor, wrap } from './operand.js';
import { cast, flip, reshape } from './shape-ops.js';

/**
 * Running totals along `axis`. Integer and bool inputs sum in int32.
 *
 * @example
 * cumsum(tensor([1, 2, 3]), 0); // [1, 3, 6]
 */
export function cumsum(x: Tensor, axis: number): Tensor {
  assertTensor('cumsum', 'x', x);
  if (x.rank === 0) return cumsum(reshape(x, [1]), 0).reshape([]);
  const a = normalizeAxis('cumsum', axis, x.rank);
  const dtype = x.isFloatingPoint() ? x.dtype : 'int32';
  const out = wrap(x.backend, x.backend.cumsum(cast(x.detach(), dtype).view(), a, dtype), x.shape);
  return record('cumsum', out, [x], (g) => [flip(cumsum(flip(g, a), a), a)]);
}
