/**
 * Movement kernels: contiguous copies with a dtype cast, and writes through a strided destination.
 *
 * Shape legend: `x`, `dst`, `src` are views of any rank `R` (0-d included); `N` = number of
 * elements. Outputs are row-major.
 *
 * Casts follow PyTorch: float → int32 truncates toward zero (typed-array stores do ToInt32), any
 * value → bool is `value != 0` (so NaN is true), bool → number is 0/1.
 */

import type { DataArray, DType, StridedView } from '../contract.js';
import { dataOf, JsBuffer, newDataArray } from './js-buffer.js';
import { elementOffsets, sizeOf } from './strided.js';

/**
 * Copies `n` elements read from `src` (at `srcStart + i`, or at `srcOffsets[i]` when given) into
 * `out` (at `outStart + i`, or at `outOffsets[i]` when given), converting to `outDtype`.
 */
export function castElements(
  out: DataArray,
  outDtype: DType,
  outStart: number,
  outOffsets: Int32Array | null,
  src: DataArray,
  srcStart: number,
  srcOffsets: Int32Array | null,
  n: number,
): void {
  // Typed-array stores already round to float32 and truncate/wrap to int32; only bool needs a
  // comparison, because a Uint8Array would store 2 as 2 and 0.5 as 0.
  const toBool = outDtype === 'bool';
  if (outOffsets === null && srcOffsets === null && !toBool) {
    out.set(src.subarray(srcStart, srcStart + n), outStart);
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = src[srcOffsets === null ? srcStart + i : srcOffsets[i]!]!;
    out[outOffsets === null ? outStart + i : outOffsets[i]!] = toBool ? (v !== 0 ? 1 : 0) : v;
  }
}

/** Contiguous copy of `x` in `dtype` (a cast when it differs from x's). */
export function copyKernel(x: StridedView, dtype: DType): JsBuffer {
  const n = sizeOf(x.shape);
  const out = newDataArray(dtype, n);
  castElements(out, dtype, 0, null, dataOf(x.buffer), x.offset, elementOffsets(x), n);
  return new JsBuffer(dtype, out);
}

/** Writes `src` into the view `dst` (same shape), converting to dst's dtype. */
export function copyIntoKernel(dst: StridedView, src: StridedView): void {
  const n = sizeOf(dst.shape);
  if (n === 0) return;
  let srcData = dataOf(src.buffer);
  let srcStart = src.offset;
  let srcOffsets = elementOffsets(src);
  if (src.buffer === dst.buffer) {
    // Reading and writing the same memory (x[1:] = x[:-1]) would read already-written values, so
    // take a snapshot of the source first.
    srcData = copyKernel(src, src.buffer.dtype).data;
    srcStart = 0;
    srcOffsets = null;
  }
  castElements(dataOf(dst.buffer), dst.buffer.dtype, dst.offset, elementOffsets(dst), srcData, srcStart, srcOffsets, n);
}
