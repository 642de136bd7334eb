/**
 * Indexing along one axis: gather (torch.gather) and scatter-add (torch.scatter_add).
 *
 * Shape legend: `x` / `base` have shape `S` of rank `R`; `index` (int32) and `src` have shape `I`
 * of the same rank with I[d] ≤ S[d] for d ≠ axis. A position p of `I` addresses the element of
 * `x` / `base` that has p's coordinates except `index[p]` on `axis`.
 *
 * Indices were range-checked by core; a negative index counts from the end, as elsewhere in
 * Sprout, which costs one comparison.
 */

import type { StridedView } from '../contract.js';
import { copyKernel } from './copy-kernels.js';
import { dataOf, JsBuffer, newDataArray } from './js-buffer.js';
import { allOffsets, atLeast1d, contiguousStrides, stridedOffsets } from './strided.js';

/**
 * Buffer position, in a window of (strides, offset), of each index position's element with its
 * `axis` coordinate set to 0: the target is then `base[p] + index[p] · strides[axis]`.
 */
function axisZeroOffsets(
  indexShape: readonly number[],
  strides: readonly number[],
  offset: number,
  axis: number,
): Int32Array {
  const zeroed = strides.map((s, d) => (d === axis ? 0 : s));
  return stridedOffsets(indexShape, zeroed, offset);
}

/** out[p] = x[p with index[p] on `axis`]; the result has index's shape and x's dtype. */
export function gatherKernel(x: StridedView, axis: number, index: StridedView): JsBuffer {
  const x1 = atLeast1d(x);
  const index1 = atLeast1d(index);
  const base = axisZeroOffsets(index1.shape, x1.strides, x1.offset, axis);
  const at = allOffsets(index1);
  const step = x1.strides[axis]!;
  const length = x1.shape[axis]!;
  const xData = dataOf(x.buffer);
  const indexData = dataOf(index.buffer);
  const out = newDataArray(x.buffer.dtype, base.length);
  for (let p = 0; p < base.length; p++) {
    const i = indexData[at[p]!]!;
    out[p] = xData[base[p]! + (i < 0 ? i + length : i) * step]!;
  }
  return new JsBuffer(x.buffer.dtype, out);
}

/**
 * Copy of `base` with src[p] added at base[p with index[p] on `axis`]; repeated indices
 * accumulate. The result has base's shape and dtype (each addition is rounded to that dtype).
 */
export function scatterAddKernel(base: StridedView, axis: number, index: StridedView, src: StridedView): JsBuffer {
  const base1 = atLeast1d(base);
  const index1 = atLeast1d(index);
  const dtype = base.buffer.dtype;
  const out = copyKernel(base, dtype).data;

  const outStrides = contiguousStrides(base1.shape);
  const target = axisZeroOffsets(index1.shape, outStrides, 0, axis);
  const indexAt = allOffsets(index1);
  const srcAt = allOffsets(atLeast1d(src));
  const step = outStrides[axis]!;
  const length = base1.shape[axis]!;
  const indexData = dataOf(index.buffer);
  const srcData = dataOf(src.buffer);
  const toBool = dtype === 'bool';
  for (let p = 0; p < target.length; p++) {
    const i = indexData[indexAt[p]!]!;
    const q = target[p]! + (i < 0 ? i + length : i) * step;
    const sum = out[q]! + srcData[srcAt[p]!]!;
    out[q] = toBool ? (sum !== 0 ? 1 : 0) : sum;
  }
  return new JsBuffer(dtype, out);
}
