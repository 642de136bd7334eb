/**
 * Reductions over axes with `keepdims`: the primitives sum, prod, max, min, argmax, argmin (each
 * with its gradient rule), and mean, variance, std and logsumexp composed from them.
 *
 * `axis` is a number, a list of numbers, or omitted for every axis. Integer and bool inputs sum and
 * multiply in int32; mean, variance, std and logsumexp give floats.
 */
import type { ReduceOp } from '../../backends/contract.js';
import { record } from '../autograd.js';
import type { DType } from '../dtype.js';
import { formatShape, ValueError } from '../errors.js';
import { normalizeAxes, normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add, div, eq, logicalAnd, mul, sub, where } from './binary.js';
import { assertTensor, wrap } from './operand.js';
import { cast, expand, flatten, reshape } from './shape-ops.js';
import { isFinite } from './special-values.js';
import { exp, log, sqrt } from './unary.js';

/** Axes to reduce over: one, several, or all when omitted. */
export type Axis = number | readonly number[] | undefined;

/** x's shape with the reduced axes kept as size 1. */
function keptShape(x: Tensor, axes: readonly number[]): number[] {
  return x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

function reduceDType(op: ReduceOp, dtype: DType): DType {
  if ((op === 'sum' || op === 'prod') && (dtype === 'bool' || dtype === 'int32')) return 'int32';
  return dtype;
}

function reduce(op: ReduceOp, x: Tensor, axis: Axis, keepdims: boolean): Tensor {
  assertTensor(op, 'x', x);
  const axes = normalizeAxes(op, axis, x.rank);
  if ((op === 'max' || op === 'min') && axes.some((a) => x.shape[a] === 0)) {
    throw new ValueError(`${op}: cannot reduce over an empty dimension of ${formatShape(x.shape)}; the result has no identity`);
  }
  const kept = keptShape(x, axes);
  const reducedShape = x.shape.filter((_, i) => !axes.includes(i));
  const dtype = reduceDType(op, x.dtype);
  const y = wrap(x.backend, x.backend.reduce(op, cast(x.detach(), dtype).view(), axes, dtype), reducedShape);
  const out = keepdims ? reshape(y, kept) : y;
  return record(op, out, [x], (g) => [REDUCE_VJP[op](reshape(g, kept), x, reshape(y, kept), axes)]);
}

/**
 * Gradient rules, given g and y reshaped to keep the reduced axes as size 1.
 */
const REDUCE_VJP: Record<ReduceOp, (g: Tensor, x: Tensor, y: Tensor, axes: readonly number[]) => Tensor> = {
  sum: (g, x) => expand(g, x.shape),
  // The gradient goes to the elements equal to the extreme, split evenly among ties (as torch.amax).
  max: extremeVjp,
  min: extremeVjp,
  // ∂(Πx)/∂xᵢ is the product of the other elements. Dividing y by xᵢ fails at zeros, so: with no
  // zero it is y/xᵢ; with exactly one zero only that element gets the product of the rest; with
  // two or more every gradient is 0.
  prod: (g, x, y, axes) => {
    const isZero = eq(x, 0);
    const zeroCount = sum(isZero, axes, true);
    const productOfRest = prod(where(isZero, 1, x), axes, true);
    const grad = where(eq(zeroCount, 0), div(y, x), where(logicalAnd(eq(zeroCount, 1), isZero), productOfRest, 0));
    return mul(g, grad);
  },
};

function extremeVjp(g: Tensor, x: Tensor, y: Tensor, axes: readonly number[]): Tensor {
  // Counting in g's float dtype keeps every step on the float kernels backends make fast.
  const hits = cast(eq(x, y), g.dtype);
  const count = sum(hits, axes, true);
  return mul(hits, div(g, count));
}

/** Sum over axes. @example sum(tensor([[1, 2], [3, 4]]), 1) // [3, 7] */
export function sum(x: Tensor, axis?: Axis, keepdims = false): Tensor { return reduce('sum', x, axis, keepdims); }
/** Product over axes. */
export function prod(x: Tensor, axis?: Axis, keepdims = false): Tensor { return reduce('prod', x, axis, keepdims); }
/** Largest value over axes (NaN if any is NaN). @throws ValueError over an empty dimension. */
export function max(x: Tensor, axis?: Axis, keepdims = false): Tensor { return reduce('max', x, axis, keepdims); }
/** Smallest value over axes (NaN if any is NaN). @throws ValueError over an empty dimension. */
export function min(x: Tensor, axis?: Axis, keepdims = false): Tensor { return reduce('min', x, axis, keepdims); }

function argReduce(op: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, keepdims: boolean): Tensor {
  assertTensor(op, 'x', x);
  const source = axis === undefined ? flatten(x) : x;
  const a = axis === undefined ? 0 : normalizeAxis(op, axis, x.rank);
  if (source.shape[a] === 0) throw new ValueError(`${op}: cannot reduce over an empty dimension of ${formatShape(x.shape)}`);
  const shape = source.shape.filter((_, i) => i !== a);
  const y = wrap(x.backend, x.backend.argReduce(op, source.view(), a), shape);
  if (!keepdims) return y;
  return reshape(y, axis === undefined ? x.shape.map(() => 1) : keptShape(x, [a]));
}

/**
 * Index (int32) of the first largest element along `axis`, or in the flattened tensor when omitted.
 * NaN counts as the largest. Not differentiable.
 *
 * @example
 * argmax(tensor([[1, 5], [7, 2]]), 1); // [1, 0]
 */
export function argmax(x: Tensor, axis?: number, keepdims = false): Tensor { return argReduce('argmax', x, axis, keepdims); }
/** Index (int32) of the first smallest element; see {@link argmax}. */
export function argmin(x: Tensor, axis?: number, keepdims = false): Tensor { return argReduce('argmin', x, axis, keepdims); }

function reducedCount(op: string, x: Tensor, axis: Axis): number {
  return normalizeAxes(op, axis, x.rank).reduce((p, a) => p * x.shape[a]!, 1);
}

function asFloat(x: Tensor): Tensor {
  return x.isFloatingPoint() ? x : cast(x, 'float32');
}

/**
 * Arithmetic mean over axes (float; NaN over an empty dimension).
 *
 * @example
 * mean(tensor([1, 2, 3, 4])); // 2.5
 */
export function mean(x: Tensor, axis?: Axis, keepdims = false): Tensor {
  assertTensor('mean', 'x', x);
  const axes = normalizeAxes('mean', axis, x.rank);
  return div(sum(asFloat(x), axes, keepdims), reducedCount('mean', x, axes));
}

/**
 * Variance over axes: Σ(x − mean)² / (N − correction). The default `correction = 1` is the unbiased
 * estimator (PyTorch's default); pass 0 for the population variance (NumPy's and Keras's).
 *
 * @example
 * variance(tensor([1, 2, 3, 4]));       // 1.6667
 * variance(tensor([1, 2, 3, 4]), 0, false, 0); // 1.25
 */
export function variance(x: Tensor, axis?: Axis, keepdims = false, correction = 1): Tensor {
  return varianceAs('variance', x, axis, keepdims, correction);
}

function varianceAs(op: string, x: Tensor, axis: Axis, keepdims: boolean, correction: number): Tensor {
  assertTensor(op, 'x', x);
  const axes = normalizeAxes(op, axis, x.rank);
  if (!Number.isFinite(correction) || correction < 0) throw new ValueError(`${op}: correction must be ≥ 0, got ${correction}`);
  const xf = asFloat(x);
  const deviation = sub(xf, mean(xf, axes, true));
  const n = reducedCount(op, x, axes);
  return div(sum(mul(deviation, deviation), axes, keepdims), Math.max(0, n - correction));
}

/** Standard deviation: √{@link variance}. */
export function std(x: Tensor, axis?: Axis, keepdims = false, correction = 1): Tensor {
  return sqrt(varianceAs('std', x, axis, keepdims, correction));
}

/**
 * log Σ exp(x) over axes, computed stably by shifting by the maximum. Its gradient is the softmax.
 *
 * @example
 * logsumexp(tensor([1000, 1000])); // 1000.6931
 */
export function logsumexp(x: Tensor, axis?: Axis, keepdims = false): Tensor {
  assertTensor('logsumexp', 'x', x);
  const xf = asFloat(x);
  const axes = normalizeAxes('logsumexp', axis, x.rank);
  if (axes.some((a) => x.shape[a] === 0)) {
    // The sum of no terms is 0, so the result is −∞, as in PyTorch.
    return log(sum(exp(xf), axes, keepdims));
  }
  // The shift is a constant for differentiation: the gradient of the result is exactly softmax(x).
  const peak = max(xf, axes, true).detach();
  const shift = where(isFinite(peak), peak, 0);
  const out = add(log(sum(exp(sub(xf, shift)), axes, true)), shift);
  return keepdims ? out : reshape(out, x.shape.filter((_, i) => !axes.includes(i)));
}
