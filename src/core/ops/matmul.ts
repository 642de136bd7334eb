/**
 * Matrix product with NumPy `matmul` semantics: batched over leading dimensions with broadcasting;
 * a 1-D left operand is a row vector and a 1-D right operand a column vector, and the added
 * dimension is removed from the result.
 *
 * Shapes: a [...batchA, M, K] · b [...batchB, K, N] → [...broadcast(batchA, batchB), M, N].
 */
import { record } from '../autograd.js';
import { promoteTypes } from '../dtype.js';
import { formatShape, ShapeError } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { operands, wrap } from './operand.js';
import { cast, expand, squeeze, sumTo, transpose, unsqueeze } from './shape-ops.js';

/**
 * Matrix product of a and b.
 *
 * @throws ShapeError when the inner dimensions differ or an operand is a scalar.
 * @example
 * matmul(randn([32, 784]), randn([784, 10])).shape; // [32, 10]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const [x, y] = operands('matmul', [a, b], ['a', 'b']) as [Tensor, Tensor];
  if (x.rank === 0 || y.rank === 0) {
    throw new ShapeError(`matmul: operands must have at least one dimension: a is ${formatShape(x.shape)}, b is ${formatShape(y.shape)}`);
  }
  if (x.shape[x.rank - 1] !== y.shape[Math.max(0, y.rank - 2)]) {
    throw new ShapeError(`matmul: inner dimensions differ: a is ${formatShape(x.shape)}, b is ${formatShape(y.shape)}`);
  }
  const left = x.rank === 1 ? unsqueeze(x, 0) : x;
  const right = y.rank === 1 ? unsqueeze(y, 1) : y;
  let out = batchedMatmul(left, right);
  // Remove the row dimension added to a first, then the column added to b: [1, 1] → [1] → [].
  if (x.rank === 1) out = squeeze(out, -2);
  if (y.rank === 1) out = squeeze(out, -1);
  return out;
}

/** The primitive: both operands of rank ≥ 2. */
function batchedMatmul(a: Tensor, b: Tensor): Tensor {
  const m = a.shape[a.rank - 2]!;
  const k = a.shape[a.rank - 1]!;
  const n = b.shape[b.rank - 1]!;
  const batch = broadcastShapes('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2), ['batch of a', 'batch of b']);
  const dtype = promoteTypes(promoteTypes(a.dtype, b.dtype), 'int32');
  const av = expand(cast(a.detach(), dtype), [...batch, m, k]).view();
  const bv = expand(cast(b.detach(), dtype), [...batch, k, n]).view();
  const out = wrap(a.backend, a.backend.matmul(av, bv, dtype), [...batch, m, n]);
  // d(AB)/dA = G Bᵀ, d(AB)/dB = Aᵀ G, summed over broadcast batch dimensions.
  return record('matmul', out, [a, b], (g) => [
    a.requiresGrad ? sumTo(batchedMatmul(g, transpose(b)), a.shape) : null,
    b.requiresGrad ? sumTo(batchedMatmul(transpose(a), g), b.shape) : null,
  ]);
}
