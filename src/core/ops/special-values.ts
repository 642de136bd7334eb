/**
 * Tests for special float values, composed from comparisons (bool results, not differentiable).
 */
import type { Tensor } from '../tensor.js';
import { eq, ne, sub } from './binary.js';
import { abs } from './unary.js';
import { assertTensor } from './operand.js';

/** True where x is NaN (NaN is the only value not equal to itself). */
export function isNaN(x: Tensor): Tensor {
  assertTensor('isNaN', 'x', x);
  return ne(x, x);
}

/** True where x is neither NaN nor ±∞ (x − x is 0 exactly for finite x). */
export function isFinite(x: Tensor): Tensor {
  assertTensor('isFinite', 'x', x);
  if (!x.isFloatingPoint()) return eq(x, x);
  return eq(sub(x, x), 0);
}

/** True where x is +∞ or −∞. */
export function isInf(x: Tensor): Tensor {
  assertTensor('isInf', 'x', x);
  if (!x.isFloatingPoint()) return ne(x, x);
  return eq(abs(x), Infinity);
}
