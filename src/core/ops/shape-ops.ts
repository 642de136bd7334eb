/**
 * Movement ops: views that share storage (reshape of contiguous data, permute/transpose, expand,
 * squeeze/unsqueeze, slice/narrow/select, flip) and the copies that make data contiguous or change
 * its dtype. Each view's gradient is the inverse movement of the output gradient.
 */
import { record } from '../autograd.js';
import { assertDType, type DType } from '../dtype.js';
import { formatShape, ShapeError, ValueError } from '../errors.js';
import { assertShape, contiguousStrides, normalizeAxes, normalizeAxis, type Shape, shapesEqual, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { zeros } from './creation.js';
import { assertTensor, wrap } from './operand.js';
import { sum } from './reduce.js';

/** A view of x's storage with new geometry. */
function view(x: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  return new Tensor(x.storage, shape, strides, offset);
}

/**
 * The same elements in a new shape; one entry may be −1 to be inferred. A view when x is
 * contiguous, a copy otherwise.
 *
 * @throws ShapeError when the element counts differ.
 * @example
 * reshape(arange(6), [2, -1]); // [[0, 1, 2], [3, 4, 5]]
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  assertTensor('reshape', 'x', x);
  const target = resolveReshape(x, shape);
  if (shapesEqual(target, x.shape)) return x;
  const source = x.isContiguous ? x : contiguous(x);
  const out = view(source, target, contiguousStrides(target), source.offset);
  return record('reshape', out, [source], (g) => [reshape(g, source.shape)]);
}

function resolveReshape(x: Tensor, shape: readonly number[]): number[] {
  const inferred = shape.filter((d) => d === -1).length;
  if (inferred > 1 || !shape.every((d) => Number.isInteger(d) && d >= -1)) {
    throw new ShapeError(`reshape: shape must hold non-negative integers and at most one -1, got ${JSON.stringify(shape)}`);
  }
  const known = shape.reduce((p, d) => (d === -1 ? p : p * d), 1);
  const target = shape.map((d) => (d === -1 ? (known === 0 ? 0 : x.size / known) : d));
  if (sizeOf(target) !== x.size || !target.every((d) => Number.isInteger(d))) {
    throw new ShapeError(
      `reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) into ${formatShape(shape)}`,
    );
  }
  return target;
}

/**
 * Reorders dimensions: output dimension i is input dimension `axes[i]`. A view.
 *
 * @example
 * permute(zeros([2, 3, 4]), [2, 0, 1]).shape; // [4, 2, 3]
 */
export function permute(x: Tensor, axes: readonly number[]): Tensor {
  assertTensor('permute', 'x', x);
  if (axes.length !== x.rank) {
    throw new ShapeError(`permute: axes must list all ${x.rank} dimensions of ${formatShape(x.shape)}, got ${JSON.stringify(axes)}`);
  }
  const resolved = axes.map((a) => normalizeAxis('permute', a, x.rank, 'axes'));
  if (new Set(resolved).size !== resolved.length) throw new ValueError(`permute: axes repeat a dimension: ${JSON.stringify(axes)}`);
  if (resolved.every((a, i) => a === i)) return x;
  const out = view(
    x,
    resolved.map((a) => x.shape[a]!),
    resolved.map((a) => x.strides[a]!),
    x.offset,
  );
  const inverse = new Array<number>(resolved.length);
  resolved.forEach((a, i) => (inverse[a] = i));
  return record('permute', out, [x], (g) => [permute(g, inverse)]);
}

/**
 * Swaps two dimensions (by default the last two; a tensor of rank < 2 is returned as is). A view.
 *
 * @example
 * transpose(zeros([2, 3])).shape; // [3, 2]
 */
export function transpose(x: Tensor, axis0 = -2, axis1 = -1): Tensor {
  assertTensor('transpose', 'x', x);
  if (x.rank < 2 && axis0 === -2 && axis1 === -1) return x;
  const a = normalizeAxis('transpose', axis0, x.rank, 'axis0');
  const b = normalizeAxis('transpose', axis1, x.rank, 'axis1');
  const axes = Array.from({ length: x.rank }, (_, i) => i);
  axes[a] = b;
  axes[b] = a;
  return permute(x, axes);
}

/**
 * Broadcasts x to `shape` without copying (size-1 dimensions get stride 0; new leading dimensions
 * may be added). An entry −1 keeps x's size.
 *
 * @throws ShapeError when x cannot broadcast to the shape.
 * @example
 * expand(tensor([1, 2]), [3, 2]);
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  assertTensor('expand', 'x', x);
  if (shape.length < x.rank) {
    throw new ShapeError(`expand: target ${formatShape(shape)} has fewer dimensions than x ${formatShape(x.shape)}`);
  }
  const lead = shape.length - x.rank;
  const target = shape.map((d, i) => (d === -1 && i >= lead ? x.shape[i - lead]! : d));
  assertShape('expand', 'shape', target);
  if (shapesEqual(target, x.shape)) return x;
  const strides = target.map((d, i) => {
    if (i < lead) return 0;
    const own = x.shape[i - lead]!;
    if (own === d) return x.strides[i - lead]!;
    if (own === 1) return 0;
    throw new ShapeError(`expand: x ${formatShape(x.shape)} cannot be broadcast to ${formatShape(shape)}`);
  });
  const out = view(x, target, strides, x.offset);
  return record('expand', out, [x], (g) => [sumTo(g, x.shape)]);
}

/** Same as {@link expand}, under NumPy's name. */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  return expand(x, shape);
}

/**
 * Sums a broadcast gradient back to `shape` (the reverse of broadcasting): over leading dimensions
 * and over dimensions where `shape` has 1.
 */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  return reshape(sum(g, axes), shape);
}

/**
 * Removes size-1 dimensions: all of them, or the ones named.
 *
 * @throws ShapeError when a named dimension is not of size 1.
 * @example
 * squeeze(zeros([1, 3, 1])).shape; // [3]
 */
export function squeeze(x: Tensor, axis?: number | readonly number[]): Tensor {
  assertTensor('squeeze', 'x', x);
  const axes = axis === undefined ? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes('squeeze', axis, x.rank);
  for (const a of axes) {
    if (x.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of ${formatShape(x.shape)} has size ${x.shape[a]}, expected 1`);
  }
  if (axes.length === 0) return x;
  // Dropping size-1 dimensions never needs a copy, whatever the strides.
  const keep = (_: number, i: number): boolean => !axes.includes(i);
  const out = view(x, x.shape.filter(keep), x.strides.filter(keep), x.offset);
  return record('squeeze', out, [x], (g) => [reshape(g, x.shape)]);
}

/**
 * Inserts a size-1 dimension at `axis` (−1 appends).
 *
 * @example
 * unsqueeze(zeros([3]), 0).shape; // [1, 3]
 */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  assertTensor('unsqueeze', 'x', x);
  const at = normalizeAxis('unsqueeze', axis, x.rank + 1);
  const shape = [...x.shape];
  shape.splice(at, 0, 1);
  // A new size-1 dimension can take any stride; this one keeps the tensor contiguous if it was.
  const strides = [...x.strides];
  strides.splice(at, 0, at < x.rank ? x.strides[at]! * x.shape[at]! : 1);
  const out = view(x, shape, strides, x.offset);
  return record('unsqueeze', out, [x], (g) => [reshape(g, x.shape)]);
}

/**
 * Merges dimensions `startAxis` … `endAxis` into one.
 *
 * @example
 * flatten(zeros([2, 3, 4]), 1).shape; // [2, 12]
 */
export function flatten(x: Tensor, startAxis = 0, endAxis = -1): Tensor {
  assertTensor('flatten', 'x', x);
  if (x.rank === 0) return reshape(x, [1]);
  const start = normalizeAxis('flatten', startAxis, x.rank, 'startAxis');
  const end = normalizeAxis('flatten', endAxis, x.rank, 'endAxis');
  if (end < start) throw new ValueError(`flatten: endAxis ${endAxis} comes before startAxis ${startAxis}`);
  const merged = x.shape.slice(start, end + 1).reduce((p, d) => p * d, 1);
  return reshape(x, [...x.shape.slice(0, start), merged, ...x.shape.slice(end + 1)]);
}

/** Python-style slice bounds: negatives count from the end, out-of-range values are clamped. */
function sliceBounds(length: number, start: number, end: number | undefined, step: number): [number, number] {
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + length : v, 0), length);
  const from = clamp(start);
  const to = end === undefined ? length : clamp(end);
  return [from, Math.max(0, Math.ceil((to - from) / step))];
}

/**
 * Elements `start`, `start + step`, … before `end` along `axis`, with Python slice rules
 * (negative positions count from the end; out-of-range bounds are clamped). A view.
 *
 * @example
 * slice(arange(10), 0, 2, 8, 3); // [2, 5]
 */
export function slice(x: Tensor, axis: number, start: number, end?: number, step = 1): Tensor {
  assertTensor('slice', 'x', x);
  const a = normalizeAxis('slice', axis, x.rank);
  for (const [name, v] of [['start', start], ['end', end ?? 0]] as const) {
    if (!Number.isInteger(v)) throw new ValueError(`slice: ${name} must be an integer, got ${v}`);
  }
  if (!Number.isInteger(step) || step < 1) throw new ValueError(`slice: step must be a positive integer, got ${step}; use flip for reversal`);
  const [from, count] = sliceBounds(x.shape[a]!, start, end, step);
  if (from === 0 && count === x.shape[a] && step === 1) return x;
  const shape = [...x.shape];
  shape[a] = count;
  const strides = [...x.strides];
  strides[a] = x.strides[a]! * step;
  const out = view(x, shape, strides, x.offset + (count > 0 ? from * x.strides[a]! : 0));
  return record('slice', out, [x], (g) => [embed(g, x.shape, a, from, step)]);
}

/**
 * Zeros of `shape` with `g` written at positions start, start + step, … along `axis`: the gradient
 * of {@link slice}, and differentiable itself (its gradient is the slice).
 */
function embed(g: Tensor, shape: Shape, axis: number, start: number, step: number): Tensor {
  const out = zeros(shape, { dtype: g.dtype });
  const strides = [...out.strides];
  strides[axis] = out.strides[axis]! * step;
  const window = new Tensor(out.storage, g.shape, strides, g.shape[axis] === 0 ? 0 : start * out.strides[axis]!);
  out.backend.copyInto(window.view(), g.view());
  return record('embed', out, [g], (gg) => [slice(gg, axis, start, start + step * g.shape[axis]!, step)]);
}

/**
 * `length` elements from `start` along `axis`. A view.
 *
 * @throws ValueError when the range falls outside the dimension.
 * @example
 * narrow(zeros([4, 5]), 1, 1, 3).shape; // [4, 3]
 */
export function narrow(x: Tensor, axis: number, start: number, length: number): Tensor {
  assertTensor('narrow', 'x', x);
  const a = normalizeAxis('narrow', axis, x.rank);
  const size = x.shape[a]!;
  const from = start < 0 ? start + size : start;
  if (!Number.isInteger(from) || !Number.isInteger(length) || from < 0 || length < 0 || from + length > size) {
    throw new ValueError(`narrow: start ${start} and length ${length} do not fit in axis ${axis} of size ${size}`);
  }
  return slice(x, a, from, from + length);
}

/**
 * The sub-tensor at `index` along `axis`, with that dimension removed. A view.
 *
 * @example
 * select(tensor([[1, 2], [3, 4]]), 0, 1); // [3, 4]
 */
export function select(x: Tensor, axis: number, index: number): Tensor {
  assertTensor('select', 'x', x);
  const a = normalizeAxis('select', axis, x.rank);
  const size = x.shape[a]!;
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new ValueError(`select: index ${index} is out of range for axis ${axis} of size ${size}`);
  }
  return squeeze(narrow(x, a, index, 1), a);
}

/**
 * Reverses the order of elements along the given axes. A view (negative strides).
 *
 * @example
 * flip(tensor([1, 2, 3]), 0); // [3, 2, 1]
 */
export function flip(x: Tensor, axes: number | readonly number[]): Tensor {
  assertTensor('flip', 'x', x);
  const list = normalizeAxes('flip', axes, x.rank);
  if (list.length === 0) return x;
  const strides = [...x.strides];
  let offset = x.offset;
  for (const a of list) {
    const size = x.shape[a]!;
    if (size > 0) offset += (size - 1) * x.strides[a]!;
    strides[a] = -x.strides[a]!;
  }
  const out = view(x, x.shape, strides, offset);
  return record('flip', out, [x], (g) => [flip(g, list)]);
}

/** x itself when its elements are laid out row-major, otherwise a contiguous copy. */
export function contiguous(x: Tensor): Tensor {
  assertTensor('contiguous', 'x', x);
  return x.isContiguous ? x : clone(x);
}

/** A contiguous copy of x that shares nothing with it. Gradients pass through. */
export function clone(x: Tensor): Tensor {
  assertTensor('clone', 'x', x);
  const out = wrap(x.backend, x.backend.copy(x.view(), x.dtype), x.shape);
  return record('clone', out, [x], (g) => [g]);
}

/**
 * x converted to `dtype` (x itself when it already has it). Float → int truncates toward zero;
 * any non-zero becomes true in bool. Gradients pass between float dtypes.
 *
 * @example
 * cast(tensor([1.7, -1.7]), 'int32'); // [1, -1]
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  assertTensor('cast', 'x', x);
  const target = assertDType('cast', 'dtype', dtype);
  if (target === x.dtype) return x;
  const out = wrap(x.backend, x.backend.copy(x.view(), target), x.shape);
  if (!x.isFloatingPoint()) return out;
  return record('cast', out, [x], (g) => [cast(g, x.dtype)]);
}
