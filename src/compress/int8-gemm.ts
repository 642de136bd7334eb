/**
 * The int8 matrix product behind quantised layers: int8 × int8 products summed in int32, the
 * integer arithmetic of Jacob et al. 2018 ("Quantization and Training of Neural Networks for
 * Efficient Integer-Arithmetic-Only Inference"). Plain TypeScript over typed arrays: the readable
 * reference; a WebAssembly SIMD version (i32x4.dot_i16x8_s) is not written yet.
 *
 * Shape legend: M rows of A (batch × positions), N rows of B (output channels), K the shared
 * inner length (input features, or channels × kernel taps). A is [M, K] and B is [N, K], both
 * row-major, so every dot product reads two contiguous rows; C = A·Bᵀ is [M, N].
 *
 * Overflow: |a·b| ≤ 128·128 = 2¹⁴, so a sum of K products stays inside int32 for K < 2¹⁷ = 131,072
 * (a 3×3 convolution over 14,000 channels); callers check K. JavaScript numbers hold every partial
 * sum exactly, and the final `| 0`-free store into Int32Array is exact below 2³¹.
 */
import { ValueError } from '../core/index.js';

/** Longest inner dimension whose int8 dot products cannot overflow int32. */
export const MAX_INT8_INNER = 131_071;

/**
 * C[m, n] = Σ_k A[m, k] · B[n, k] in int32.
 *
 * @param a [M, K] int8, row-major.
 * @param b [N, K] int8, row-major (a weight matrix in PyTorch's [out, in] layout).
 * @param m Rows of A.
 * @param n Rows of B.
 * @param k Inner length.
 * @param out [M, N] int32, overwritten (allocated when omitted).
 * @returns `out`.
 * @throws ValueError when the array lengths do not match M, N, K or K exceeds {@link MAX_INT8_INNER}.
 * @example
 * const c = int8MatmulTransposed(new Int8Array([1, 2]), new Int8Array([3, 4, 5, 6]), 1, 2, 2); // [11, 17]
 */
export function int8MatmulTransposed(a: Int8Array, b: Int8Array, m: number, n: number, k: number, out?: Int32Array): Int32Array {
  if (a.length < m * k || b.length < n * k) {
    throw new ValueError(`int8MatmulTransposed: a must hold M·K = ${m * k} and b N·K = ${n * k} elements, got ${a.length} and ${b.length}`);
  }
  if (k > MAX_INT8_INNER) throw new ValueError(`int8MatmulTransposed: K must be at most ${MAX_INT8_INNER} so int32 sums cannot overflow, got ${k}`);
  const c = out ?? new Int32Array(m * n);
  if (c.length < m * n) throw new ValueError(`int8MatmulTransposed: out must hold M·N = ${m * n} elements, got ${c.length}`);
  // Four rows of B per pass: each A element is loaded once for four products (register blocking).
  const n4 = n - (n % 4);
  for (let i = 0; i < m; i++) {
    const aRow = i * k;
    const cRow = i * n;
    let j = 0;
    for (; j < n4; j += 4) {
      const b0 = j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let p = 0; p < k; p++) {
        const av = a[aRow + p]!;
        s0 += av * b[b0 + p]!;
        s1 += av * b[b1 + p]!;
        s2 += av * b[b2 + p]!;
        s3 += av * b[b3 + p]!;
      }
      c[cRow + j] = s0;
      c[cRow + j + 1] = s1;
      c[cRow + j + 2] = s2;
      c[cRow + j + 3] = s3;
    }
    for (; j < n; j++) {
      const b0 = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[aRow + p]! * b[b0 + p]!;
      c[cRow + j] = s;
    }
  }
  return c;
}
