/**
 * Sorting along an axis (a primitive) and top-k (composed from it). Values carry gradients back to
 * the positions they came from; indices are int32 and not differentiable.
 */
import { record } from '../autograd.js';
import { ValueError } from '../errors.js';
import { normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { zerosLike } from './creation.js';
import { scatterAdd } from './indexing.js';
import { assertTensor, wrap } from './operand.js';
import { narrow } from './shape-ops.js';

/** Sorted values and, for each, its position along the axis in the input. */
export interface SortResult {
  readonly values: Tensor;
  readonly indices: Tensor;
}

/**
 * Stable sort along `axis` (default last). NaN sorts after every number ascending.
 *
 * @example
 * sort(tensor([3, 1, 2])); // { values: [1, 2, 3], indices: [1, 2, 0] }
 */
export function sort(x: Tensor, axis = -1, descending = false): SortResult {
  assertTensor('sort', 'x', x);
  if (x.rank === 0) return { values: x, indices: zerosLike(x, { dtype: 'int32' }) };
  const a = normalizeAxis('sort', axis, x.rank);
  const result = x.backend.sort(x.view(), a, descending);
  const indices = wrap(x.backend, result.indices, x.shape);
  const values = record('sort', wrap(x.backend, result.values, x.shape), [x], (g) => [scatterAdd(zerosLike(x), a, indices, g)]);
  return { values, indices };
}

/**
 * The k largest (or smallest) elements along `axis`, in order, with their indices.
 *
 * @throws ValueError when k is not in [0, size of axis].
 * @example
 * topk(tensor([1, 9, 3, 7]), 2); // { values: [9, 7], indices: [1, 3] }
 */
export function topk(x: Tensor, k: number, axis = -1, largest = true): SortResult {
  assertTensor('topk', 'x', x);
  const a = x.rank === 0 ? 0 : normalizeAxis('topk', axis, x.rank);
  const size = x.rank === 0 ? 1 : x.shape[a]!;
  if (!Number.isInteger(k) || k < 0 || k > size) throw new ValueError(`topk: k must be an integer in [0, ${size}], got ${k}`);
  const sorted = sort(x, a, largest);
  if (x.rank === 0) return sorted;
  return { values: narrow(sorted.values, a, 0, k), indices: narrow(sorted.indices, a, 0, k) };
}
