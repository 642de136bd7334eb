/**
 * Reductions over axes, index-returning reductions over one axis, and the inclusive scan.
 *
 * Shape legend: `x` has shape `S` of rank `R`; `axes` are sorted unique reduced dimensions. An
 * output element ("outer" position `o`) combines the `K` elements of its "inner" group; both are
 * walked through offset tables, so any strides work. `L` is the length of a line along `axis`.
 *
 * Accumulation is in doubles (more accurate than PyTorch's float32 accumulators, never less).
 */

import type { ArgReduceOp, DType, ReduceOp, StridedView } from '../contract.js';
import { dataOf, JsBuffer, newDataArray } from './js-buffer.js';
import { atLeast1d, axisLines, contiguousStrides, stridedOffsets } from './strided.js';

/** Reduces `x` over `axes`; the result drops those axes (all axes → 0-d, one element). */
export function reduceKernel(op: ReduceOp, x: StridedView, axes: readonly number[], dtype: DType): JsBuffer {
  const reduced = new Set(axes);
  const outerShape: number[] = [];
  const outerStrides: number[] = [];
  const innerShape: number[] = [];
  const innerStrides: number[] = [];
  x.shape.forEach((n, d) => {
    const stride = x.strides[d]!;
    if (reduced.has(d)) {
      innerShape.push(n);
      innerStrides.push(stride);
    } else {
      outerShape.push(n);
      outerStrides.push(stride);
    }
  });
  // Element (o, k) of the input sits at outer[o] + inner[k].
  const outer = stridedOffsets(outerShape, outerStrides, x.offset);
  const inner = stridedOffsets(innerShape, innerStrides, 0);
  const data = dataOf(x.buffer);
  const out = newDataArray(dtype, outer.length);
  const m = outer.length;
  const k = inner.length;
  // One loop per op (rather than a combining callback) keeps the inner loops tight.
  switch (op) {
    case 'sum':
      for (let o = 0; o < m; o++) {
        const base = outer[o]!;
        let acc = 0;
        for (let j = 0; j < k; j++) acc += data[base + inner[j]!]!;
        out[o] = acc;
      }
      break;
    case 'prod':
      for (let o = 0; o < m; o++) {
        const base = outer[o]!;
        let acc = 1;
        for (let j = 0; j < k; j++) acc *= data[base + inner[j]!]!;
        out[o] = acc;
      }
      break;
    case 'max':
    case 'min': {
      // Start from the identity (−∞ / +∞ for an empty group); a NaN ends the group, since nothing
      // can replace it (torch.amax/amin propagate NaN).
      const isMax = op === 'max';
      for (let o = 0; o < m; o++) {
        const base = outer[o]!;
        let acc = isMax ? -Infinity : Infinity;
        for (let j = 0; j < k; j++) {
          const v = data[base + inner[j]!]!;
          if (v !== v) {
            acc = NaN;
            break;
          }
          if (isMax ? v > acc : v < acc) acc = v;
        }
        out[o] = acc;
      }
      break;
    }
  }
  if (dtype === 'bool') for (let o = 0; o < m; o++) out[o] = out[o] !== 0 ? 1 : 0;
  return new JsBuffer(dtype, out);
}

/**
 * Index (int32) of the first largest (argmax) or smallest (argmin) element along `axis`, which
 * is removed from the shape. A NaN beats every number and the first NaN wins, as in PyTorch.
 */
export function argReduceKernel(op: ArgReduceOp, x: StridedView, axis: number): JsBuffer {
  const v1 = atLeast1d(x);
  const lines = axisLines(v1.shape, v1.strides, v1.offset, axis);
  const data = dataOf(x.buffer);
  const out = new Int32Array(lines.starts.length);
  const isMax = op === 'argmax';
  for (let o = 0; o < out.length; o++) {
    let p = lines.starts[o]!;
    let best = 0;
    let bestValue = data[p]!;
    for (let i = 1; i < lines.length && bestValue === bestValue; i++) {
      p += lines.step;
      const v = data[p]!;
      // Strict comparisons keep the first of equal extremes; `v !== v` takes the first NaN.
      if (v !== v || (isMax ? v > bestValue : v < bestValue)) {
        best = i;
        bestValue = v;
      }
    }
    out[o] = best;
  }
  return new JsBuffer('int32', out);
}

/** Inclusive cumulative sum along `axis`; the result has x's shape and `dtype`. */
export function cumsumKernel(x: StridedView, axis: number, dtype: DType): JsBuffer {
  const v1 = atLeast1d(x);
  const src = axisLines(v1.shape, v1.strides, v1.offset, axis);
  const dst = axisLines(v1.shape, contiguousStrides(v1.shape), 0, axis);
  const data = dataOf(x.buffer);
  const out = newDataArray(dtype, src.starts.length * src.length);
  const toBool = dtype === 'bool';
  for (let o = 0; o < src.starts.length; o++) {
    let p = src.starts[o]!;
    let q = dst.starts[o]!;
    let acc = 0;
    for (let i = 0; i < src.length; i++, p += src.step, q += dst.step) {
      acc += data[p]!;
      out[q] = toBool ? (acc !== 0 ? 1 : 0) : acc;
    }
  }
  return new JsBuffer(dtype, out);
}
