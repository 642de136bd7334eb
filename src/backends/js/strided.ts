/**
 * Helpers for walking strided views.
 *
 * Shape legend: a view of rank `R` has `shape[0…R-1]`, element `strides` (0 broadcasts, negative
 * walks backwards) and an `offset`; element [i₀…i_{R-1}] lives at `offset + Σ i_d · strides[d]`.
 *
 * The kernels use one scheme throughout: a contiguous view is read as `data[offset + i]`, any other
 * view through a table of buffer positions in row-major order ({@link stridedOffsets}). Tables cost
 * 4 bytes per element but keep every kernel a plain loop over `i`; the contiguous fast path skips
 * them, which is the common case when training.
 */

import type { StridedView } from '../contract.js';

/** Number of elements of `shape` (1 for the 0-d shape `[]`). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Row-major (C order) strides of a contiguous array of `shape`.
 *
 * @example contiguousStrides([2, 3, 4]); // [12, 4, 1]
 */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  return strides;
}

/**
 * True when element i of the view (row-major) lives at `offset + i`. Strides of dimensions of
 * size 1 never matter, and neither does anything of an empty view.
 */
export function isContiguous(view: StridedView): boolean {
  const { shape, strides } = view;
  if (shape.includes(0)) return true;
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d]!;
    if (n !== 1 && strides[d] !== expected) return false;
    expected *= n;
  }
  return true;
}

/**
 * Buffer position of every element of a (shape, strides, offset) window, in row-major order.
 *
 * @example stridedOffsets([2, 2], [1, 2], 5); // Int32Array [5, 7, 6, 8] (a transpose)
 */
export function stridedOffsets(shape: readonly number[], strides: readonly number[], offset: number): Int32Array {
  const n = sizeOf(shape);
  const out = new Int32Array(n);
  if (n === 0) return out;
  const rank = shape.length;
  if (rank === 0) {
    out[0] = offset;
    return out;
  }
  // The innermost dimension is a tight loop; the outer ones advance like an odometer.
  const inner = shape[rank - 1]!;
  const innerStride = strides[rank - 1]!;
  const index = new Array<number>(rank - 1).fill(0);
  let base = offset;
  let p = 0;
  for (;;) {
    for (let j = 0, o = base; j < inner; j++, o += innerStride) out[p++] = o;
    let d = rank - 2;
    for (; d >= 0; d--) {
      const stride = strides[d]!;
      index[d]!++;
      base += stride;
      if (index[d]! < shape[d]!) break;
      base -= stride * shape[d]!;
      index[d] = 0;
    }
    if (d < 0) return out;
  }
}

/**
 * Positions of a view's elements, or `null` when the view is contiguous (then element i is at
 * `view.offset + i`). Callers branch once on the result and run a tight loop either way.
 */
export function elementOffsets(view: StridedView): Int32Array | null {
  return isContiguous(view) ? null : stridedOffsets(view.shape, view.strides, view.offset);
}

/** Positions of a view's elements as a table, contiguous or not. */
export function allOffsets(view: StridedView): Int32Array {
  return stridedOffsets(view.shape, view.strides, view.offset);
}

/** `values` with entry `axis` removed: the shape (or strides) of the lines along `axis`. */
export function withoutAxis(values: readonly number[], axis: number): number[] {
  return values.filter((_, d) => d !== axis);
}

/**
 * A 0-d view seen as a 1-element 1-d view, so that kernels working along an axis need no special
 * case (PyTorch accepts axis 0 on a scalar for cumsum, sort, argmax and gather).
 */
export function atLeast1d(view: StridedView): StridedView {
  return view.shape.length === 0 ? { buffer: view.buffer, shape: [1], strides: [0], offset: view.offset } : view;
}

/**
 * The layout kernels working along one axis need: a table of where each line starts (one line per
 * position of the other axes, row-major), the line length and the step between its elements.
 */
export interface AxisLines {
  /** Buffer position of element 0 of each line. */
  readonly starts: Int32Array;
  /** Elements per line: `shape[axis]`. */
  readonly length: number;
  /** Buffer step between consecutive elements of a line: `strides[axis]`. */
  readonly step: number;
}

/** Lines along `axis` of a (shape, strides, offset) window; see {@link AxisLines}. */
export function axisLines(
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  axis: number,
): AxisLines {
  return {
    starts: stridedOffsets(withoutAxis(shape, axis), withoutAxis(strides, axis), offset),
    length: shape[axis]!,
    step: strides[axis]!,
  };
}
