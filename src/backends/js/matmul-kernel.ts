/**
 * Batched matrix product.
 *
 * Shape legend: `a` is [...B, M, K], `b` is [...B, K, N] with the same batch shape `B` (possibly
 * broadcast with stride 0); the result is a fresh row-major [...B, M, N].
 *
 * Products are accumulated in doubles and rounded to the output dtype once, on store. K = 0 gives
 * zeros. The loop order follows b's layout so the innermost loop walks memory with the smaller
 * stride (see {@link matmulKernel}); no element is skipped, so NaN and ±∞ propagate as in BLAS.
 */

import type { DType, StridedView } from '../contract.js';
import { dataOf, JsBuffer, newDataArray } from './js-buffer.js';
import { sizeOf, stridedOffsets } from './strided.js';

/**
 * `a @ b` over the batch dimensions.
 *
 * Two loop orders, both clear and cache-friendly for their case:
 * - b rows contiguous-ish (|stride K| ≥ |stride N|, e.g. x @ W): i-k-j, adding a[i,k]·b[k,:] into a
 *   row accumulator, so b is read along its rows.
 * - b columns contiguous-ish (e.g. x @ Wᵀ, a transposed view): i-j-k dot products, so b is read
 *   down its columns, which are then contiguous.
 */
export function matmulKernel(a: StridedView, b: StridedView, dtype: DType): JsBuffer {
  const rank = a.shape.length;
  const m = a.shape[rank - 2]!;
  const k = a.shape[rank - 1]!;
  const n = b.shape[rank - 1]!;
  const batchShape = a.shape.slice(0, rank - 2);
  const aBatch = stridedOffsets(batchShape, a.strides.slice(0, rank - 2), a.offset);
  const bBatch = stridedOffsets(batchShape, b.strides.slice(0, rank - 2), b.offset);
  const aStrideM = a.strides[rank - 2]!;
  const aStrideK = a.strides[rank - 1]!;
  const bStrideK = b.strides[rank - 2]!;
  const bStrideN = b.strides[rank - 1]!;
  const aData = dataOf(a.buffer);
  const bData = dataOf(b.buffer);
  const out = newDataArray(dtype, sizeOf(batchShape) * m * n);
  const dotProducts = Math.abs(bStrideK) < Math.abs(bStrideN);
  const row = new Float64Array(n);

  for (let batch = 0, o = 0; batch < aBatch.length; batch++) {
    const aBase = aBatch[batch]!;
    const bBase = bBatch[batch]!;
    for (let i = 0; i < m; i++, o += n) {
      const aRow = aBase + i * aStrideM;
      if (dotProducts) {
        for (let j = 0; j < n; j++) {
          let sum = 0;
          for (let p = 0, ap = aRow, bp = bBase + j * bStrideN; p < k; p++, ap += aStrideK, bp += bStrideK) {
            sum += aData[ap]! * bData[bp]!;
          }
          row[j] = sum;
        }
      } else {
        row.fill(0);
        for (let p = 0; p < k; p++) {
          const aip = aData[aRow + p * aStrideK]!;
          for (let j = 0, bp = bBase + p * bStrideK; j < n; j++, bp += bStrideN) row[j]! += aip * bData[bp]!;
        }
      }
      if (dtype === 'bool') for (let j = 0; j < n; j++) out[o + j] = row[j] !== 0 ? 1 : 0;
      else out.set(row, o);
    }
  }
  return new JsBuffer(dtype, out);
}
