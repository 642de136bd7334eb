/**
 * Indexing: the primitives gather and scatterAdd (each the other's gradient), and indexSelect and
 * oneHot composed from them. Indices are int32 and range-checked before any kernel runs.
 *
 * Shapes: x [..., D, ...] with `axis` at D; index has x's rank (gather, scatterAdd) or is 1-D
 * (indexSelect); an index value i must satisfy 0 ≤ i < D.
 */
import { record } from '../autograd.js';
import { promoteTypes } from '../dtype.js';
import { DTypeError, formatShape, ShapeError, ValueError } from '../errors.js';
import { normalizeAxis, shapesEqual } from '../shape.js';
import { pad } from './combine.js';
import { Tensor } from '../tensor.js';
import { eq } from './binary.js';
import { arange, type CreationOptions, zerosLike } from './creation.js';
import { assertTensor, onBackend, wrap } from './operand.js';
import { cast, expand, reshape, unsqueeze } from './shape-ops.js';

function checkIndex(op: string, index: Tensor, size: number, argument = 'index'): void {
  if (index.dtype !== 'int32') {
    throw new DTypeError(`${op}: ${argument} must be int32, got ${index.dtype}; cast it with cast(${argument}, 'int32')`);
  }
  // Broadcast (stride-0) dimensions repeat the same values: check each stored value once.
  const compact = new Tensor(
    index.storage,
    index.shape.map((d, i) => (index.strides[i] === 0 ? Math.min(d, 1) : d)),
    index.strides,
    index.offset,
  );
  const values = compact.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0 || v >= size) throw new ValueError(`${op}: ${argument} holds ${v}, outside [0, ${size - 1}]`);
  }
}

function checkSameRankFits(op: string, x: Tensor, axis: number, index: Tensor, other = 'x'): void {
  if (index.rank !== x.rank) {
    throw new ShapeError(`${op}: index must have the rank of ${other} (${x.rank}), got ${formatShape(index.shape)} for ${other} ${formatShape(x.shape)}`);
  }
  index.shape.forEach((d, i) => {
    if (i !== axis && d > x.shape[i]!) {
      throw new ShapeError(`${op}: index ${formatShape(index.shape)} is larger than ${other} ${formatShape(x.shape)} in dimension ${i}`);
    }
  });
}

/**
 * out[i][j] = x[i][index[i][j]] for axis 1 (torch.gather): picks one element of x per index entry.
 *
 * @throws ShapeError when index's rank differs from x's; ValueError for an out-of-range index.
 * @example
 * gather(tensor([[1, 2], [3, 4]]), 1, tensor([[1], [0]], { dtype: 'int32' })); // [[2], [3]]
 */
export function gather(x: Tensor, axis: number, index: Tensor): Tensor {
  assertTensor('gather', 'x', x);
  assertTensor('gather', 'index', index);
  const a = normalizeAxis('gather', axis, x.rank);
  checkSameRankFits('gather', x, a, index);
  checkIndex('gather', index, x.shape[a]!);
  const idx = onBackend(index, x.backend);
  const out = wrap(x.backend, x.backend.gather(x.view(), a, idx.view()), index.shape);
  return record('gather', out, [x], (g) => [scatterAdd(zerosLike(x), a, idx, g)]);
}

/**
 * A copy of x with src added at the positions index names along axis (torch.scatter_add):
 * out[i][index[i][j]] += src[i][j] for axis 1. Repeated indices accumulate.
 *
 * @example
 * scatterAdd(zeros([3]), 0, tensor([0, 2, 0], { dtype: 'int32' }), tensor([1, 2, 3])); // [4, 0, 2]
 */
export function scatterAdd(x: Tensor, axis: number, index: Tensor, src: Tensor): Tensor {
  assertTensor('scatterAdd', 'x', x);
  assertTensor('scatterAdd', 'index', index);
  assertTensor('scatterAdd', 'src', src);
  const a = normalizeAxis('scatterAdd', axis, x.rank);
  checkSameRankFits('scatterAdd', x, a, index);
  checkSameRankFits('scatterAdd', src, -1, index, 'src');
  checkIndex('scatterAdd', index, x.shape[a]!);
  const dtype = promoteTypes(x.dtype, src.dtype);
  const base = cast(x, dtype);
  const source = onBackend(cast(src, dtype), x.backend);
  const idx = onBackend(index, x.backend);
  const out = wrap(x.backend, x.backend.scatterAdd(base.detach().view(), a, idx.view(), source.detach().view()), x.shape);
  // src may be larger than index (only its leading part is read): the rest gets zero gradient.
  const srcGrad = (g: Tensor): Tensor => {
    const picked = gather(g, a, idx);
    return shapesEqual(picked.shape, source.shape) ? picked : pad(picked, source.shape.map((d, i) => [0, d - picked.shape[i]!] as [number, number]));
  };
  return record('scatterAdd', out, [base, source], (g) => [g, source.requiresGrad ? srcGrad(g) : null]);
}

/**
 * The slices of x at the given positions along axis (torch.index_select); the gradient of an
 * embedding lookup.
 *
 * @example
 * indexSelect(weights, 0, tensor([3, 1, 3], { dtype: 'int32' })); // rows 3, 1, 3
 */
export function indexSelect(x: Tensor, axis: number, index: Tensor): Tensor {
  assertTensor('indexSelect', 'x', x);
  assertTensor('indexSelect', 'index', index);
  const a = normalizeAxis('indexSelect', axis, x.rank);
  if (index.rank !== 1) throw new ShapeError(`indexSelect: index must be 1-D, got ${formatShape(index.shape)}`);
  checkIndex('indexSelect', index, x.shape[a]!);
  // A stride-0 view of the 1-D index, broadcast across the other dimensions, feeds gather for free.
  const shape = x.shape.map((d, i) => (i === a ? index.size : d));
  const lifted = reshape(index, x.shape.map((_, i) => (i === a ? index.size : 1)));
  return gather(x, a, expand(lifted, shape));
}

/**
 * One-hot encoding: a tensor of shape [...indices.shape, numClasses] with 1 at each index.
 * float32 by default (ready for losses); pass `dtype` for another.
 *
 * @throws ValueError for an index outside [0, numClasses).
 * @example
 * oneHot(tensor([0, 2], { dtype: 'int32' }), 3); // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(indices: Tensor, numClasses: number, options: Pick<CreationOptions, 'dtype'> = {}): Tensor {
  assertTensor('oneHot', 'indices', indices);
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new ValueError(`oneHot: numClasses must be a positive integer, got ${numClasses}`);
  }
  checkIndex('oneHot', indices, numClasses, 'indices');
  return cast(eq(unsqueeze(indices, -1), arange(numClasses)), options.dtype ?? 'float32');
}
