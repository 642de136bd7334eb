/**
 * Softmax and log-softmax along one axis, in one kernel per line rather than the five ops of the
 * composite (max, subtract, exp, sum, divide), accumulating in doubles.
 *
 * Shape legend: `x` of shape S; a line is the L = S[axis] elements sharing every other index.
 *   softmax:     out[j] = e^(x[j] − m) / s
 *   log-softmax: out[j] = (x[j] − m) − ln s,      m = maxⱼ x[j],  s = Σⱼ e^(x[j] − m)
 * The maximum propagates NaN, so a line holding NaN, or whose maximum is ±∞, is NaN throughout (as
 * the composite, and PyTorch, give).
 */

import type { DType, StridedView } from '../contract.js';
import { dataOf, JsBuffer, newDataArray } from './js-buffer.js';
import { axisLines, contiguousStrides } from './strided.js';

/** Softmax (or log-softmax when `log`) of float `x` along `axis` into a contiguous buffer of x's shape. */
export function softmaxKernel(x: StridedView, axis: number, log: boolean, dtype: DType): JsBuffer {
  const src = axisLines(x.shape, x.strides, x.offset, axis);
  const dst = axisLines(x.shape, contiguousStrides(x.shape), 0, axis);
  const data = dataOf(x.buffer);
  const out = newDataArray(dtype, src.starts.length * src.length);
  const exps = new Float64Array(src.length);
  for (let o = 0; o < src.starts.length; o++) {
    const start = src.starts[o]!;
    let m = -Infinity;
    for (let i = 0, p = start; i < src.length; i++, p += src.step) {
      const v = data[p]!;
      // `!(v <= m)` takes NaN in, and keeps it: NaN compares false with everything.
      if (!(v <= m) && !Number.isNaN(m)) m = v;
    }
    let s = 0;
    for (let i = 0, p = start; i < src.length; i++, p += src.step) {
      exps[i] = Math.exp(data[p]! - m);
      s += exps[i]!;
    }
    const ls = Math.log(s);
    for (let i = 0, p = start, q = dst.starts[o]!; i < src.length; i++, p += src.step, q += dst.step) {
      out[q] = log ? data[p]! - m - ls : exps[i]! / s;
    }
  }
  return new JsBuffer(dtype, out);
}
