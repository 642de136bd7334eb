/**
 * Batched matrix product.
 *
 * Shape legend: `a` is [...B, M, K], `b` is [...B, K, N] with the same batch shape `B` (possibly
 * broadcast with stride 0); the result is a fresh row-major [...B, M, N].
 *
 * Products are accumulated in doubles and rounded to the output dtype once, on store. K = 0 gives
 * zeros. No element is skipped (not even a zero of a), so NaN and ±∞ propagate as in BLAS.
 */

import type { DataArray, DType, StridedView } from '../contract.js';
import { dataOf, JsBuffer, newDataArray } from './js-buffer.js';
import { sizeOf, stridedOffsets } from './strided.js';

/**
 * `a @ b` over the batch dimensions.
 *
 * Loop order i-k-j: row i of the result is accumulated as Σₖ a[i,k]·b[k,:], so the innermost loop
 * walks a row of b and a row accumulator, both contiguous. When b's rows are not contiguous (the
 * transposed weights of x @ Wᵀ in every backward pass), b's matrix is first packed row-major into
 * a scratch array: O(K·N) copying that saves O(M·K·N) cache-missing reads.
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
  const aData = dataOf(a.buffer);
  const out = newDataArray(dtype, sizeOf(batchShape) * m * n);
  const row = new Float64Array(n);

  const pack = b.strides[rank - 1] !== 1 && n > 1;
  const scratch = pack ? new Float64Array(k * n) : null;
  let packedFrom = -1;

  for (let batch = 0, o = 0; batch < aBatch.length; batch++) {
    // b's matrix for this batch as (data, start, row stride), rows contiguous.
    let bData: DataArray | Float64Array = dataOf(b.buffer);
    let bStart = bBatch[batch]!;
    let bStrideK = b.strides[rank - 2]!;
    if (scratch !== null) {
      // A batch broadcast with stride 0 reuses the same matrix: pack it once.
      if (packedFrom !== bStart) packRows(scratch, bData, bStart, bStrideK, b.strides[rank - 1]!, k, n);
      packedFrom = bStart;
      bData = scratch;
      bStart = 0;
      bStrideK = n;
    }
    const aBase = aBatch[batch]!;
    for (let i = 0; i < m; i++, o += n) {
      const aRow = aBase + i * aStrideM;
      row.fill(0);
      let p = 0;
      // Four rows of b per pass over the accumulator: a quarter of the loads and stores of `row`,
      // and the same left-to-right sum (so the same result) as one row at a time.
      for (; p + 4 <= k; p += 4) {
        const a0 = aData[aRow + p * aStrideK]!;
        const a1 = aData[aRow + (p + 1) * aStrideK]!;
        const a2 = aData[aRow + (p + 2) * aStrideK]!;
        const a3 = aData[aRow + (p + 3) * aStrideK]!;
        const b0 = bStart + p * bStrideK;
        const b1 = b0 + bStrideK;
        const b2 = b1 + bStrideK;
        const b3 = b2 + bStrideK;
        for (let j = 0; j < n; j++) {
          row[j] = row[j]! + a0 * bData[b0 + j]! + a1 * bData[b1 + j]! + a2 * bData[b2 + j]! + a3 * bData[b3 + j]!;
        }
      }
      for (; p < k; p++) {
        const ap = aData[aRow + p * aStrideK]!;
        const bp = bStart + p * bStrideK;
        for (let j = 0; j < n; j++) row[j] = row[j]! + ap * bData[bp + j]!;
      }
      if (dtype === 'bool') for (let j = 0; j < n; j++) out[o + j] = row[j] !== 0 ? 1 : 0;
      else out.set(row, o);
    }
  }
  return new JsBuffer(dtype, out);
}

/** Copies a K×N strided matrix into `dst` in row-major order. */
function packRows(
  dst: Float64Array,
  src: DataArray,
  start: number,
  strideK: number,
  strideN: number,
  k: number,
  n: number,
): void {
  for (let p = 0, q = 0; p < k; p++) {
    for (let j = 0, s = start + p * strideK; j < n; j++, s += strideN) dst[q++] = src[s]!;
  }
}
