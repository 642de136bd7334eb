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
 * Both matrices of a batch are first packed row-major into Float64Arrays: O(M·K + K·N) copying
 * that makes every inner-loop load a contiguous read of one array type (V8 compiles such loops far
 * better than reads through a union of typed arrays or arbitrary strides), and that turns the
 * transposed operands of every backward pass into plain rows.
 *
 * Loop order i-k-j, two rows of the result at a time: rows i and i+1 are accumulated as
 * Σₖ a[i,k]·b[k,:], taking four rows of b per pass, so each load of b serves eight multiply-adds.
 * Each output element is still summed left to right over k in one double, so the result does not
 * depend on the blocking.
 */
export function matmulKernel(a: StridedView, b: StridedView, dtype: DType): JsBuffer {
  const rank = a.shape.length;
  const m = a.shape[rank - 2]!;
  const k = a.shape[rank - 1]!;
  const n = b.shape[rank - 1]!;
  const batchShape = a.shape.slice(0, rank - 2);
  const aBatch = stridedOffsets(batchShape, a.strides.slice(0, rank - 2), a.offset);
  const bBatch = stridedOffsets(batchShape, b.strides.slice(0, rank - 2), b.offset);
  const out = newDataArray(dtype, sizeOf(batchShape) * m * n);
  const packedA = new Float64Array(m * k);
  const packedB = new Float64Array(k * n);
  const rows = [new Float64Array(n), new Float64Array(n)] as const;
  // A batch broadcast with stride 0 reuses the same matrix: pack it once.
  let aFrom = -1;
  let bFrom = -1;
  for (let batch = 0; batch < aBatch.length; batch++) {
    if (aBatch[batch] !== aFrom) {
      aFrom = aBatch[batch]!;
      pack(packedA, dataOf(a.buffer), aFrom, a.strides[rank - 2]!, a.strides[rank - 1]!, m, k);
    }
    if (bBatch[batch] !== bFrom) {
      bFrom = bBatch[batch]!;
      pack(packedB, dataOf(b.buffer), bFrom, b.strides[rank - 2]!, b.strides[rank - 1]!, k, n);
    }
    multiplyPacked(packedA, packedB, m, k, n, rows, out, batch * m * n, dtype === 'bool');
  }
  return new JsBuffer(dtype, out);
}

/** C[m×n] (written at `o` in `out`) = A[m×k] · B[k×n], both packed row-major. */
function multiplyPacked(
  a: Float64Array,
  b: Float64Array,
  m: number,
  k: number,
  n: number,
  rows: readonly [Float64Array, Float64Array],
  out: DataArray,
  o: number,
  toBool: boolean,
): void {
  const [r0, r1] = rows;
  for (let i = 0; i < m; i += 2) {
    const pair = i + 1 < m;
    r0.fill(0);
    r1.fill(0);
    const a0 = i * k;
    // The second row of a lone last row reads row i again and is thrown away.
    const a1 = pair ? a0 + k : a0;
    let p = 0;
    for (; p + 4 <= k; p += 4) {
      const x0 = a[a0 + p]!;
      const x1 = a[a0 + p + 1]!;
      const x2 = a[a0 + p + 2]!;
      const x3 = a[a0 + p + 3]!;
      const y0 = a[a1 + p]!;
      const y1 = a[a1 + p + 1]!;
      const y2 = a[a1 + p + 2]!;
      const y3 = a[a1 + p + 3]!;
      const b0 = p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        const v0 = b[b0 + j]!;
        const v1 = b[b1 + j]!;
        const v2 = b[b2 + j]!;
        const v3 = b[b3 + j]!;
        r0[j] = r0[j]! + x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3;
        r1[j] = r1[j]! + y0 * v0 + y1 * v1 + y2 * v2 + y3 * v3;
      }
    }
    for (; p < k; p++) {
      const x = a[a0 + p]!;
      const y = a[a1 + p]!;
      const bp = p * n;
      for (let j = 0; j < n; j++) {
        const v = b[bp + j]!;
        r0[j] = r0[j]! + x * v;
        r1[j] = r1[j]! + y * v;
      }
    }
    store(out, o + i * n, r0, toBool);
    if (pair) store(out, o + (i + 1) * n, r1, toBool);
  }
}

function store(out: DataArray, at: number, row: Float64Array, toBool: boolean): void {
  if (toBool) for (let j = 0; j < row.length; j++) out[at + j] = row[j] !== 0 ? 1 : 0;
  else out.set(row, at);
}

/** Copies an R×C strided matrix into `dst` in row-major order. */
function pack(dst: Float64Array, src: DataArray, start: number, strideR: number, strideC: number, r: number, c: number): void {
  if (strideC === 1) {
    for (let i = 0; i < r; i++) {
      const from = start + i * strideR;
      for (let j = 0; j < c; j++) dst[i * c + j] = src[from + j]!;
    }
    return;
  }
  for (let i = 0, q = 0; i < r; i++) {
    for (let j = 0, s = start + i * strideR; j < c; j++, s += strideC) dst[q++] = src[s]!;
  }
}
