/**
 * float32 matrix product for a few rows of A (M ≤ {@link SMALL_M}): batch-1 inference and small
 * batches, where packing B into panels (kernels/matmul.ts) would move every weight once to use it
 * M times. These read B once, in place, and keep the M rows of A and C in L1.
 *
 * Shape legend as kernels/matmul.ts: C[M×N] (row-major, contiguous) = A[M×K] · B[K×N] with A and B
 * read through element strides. Two layouts of B are handled; the backend sends the others to sgemm:
 *   - columns of B contiguous (rsb = 1; B = Wᵀ of a Linear layer's [N, K] weight): each C[i, j]
 *     is a SIMD dot product of row i of A (contiguous, csa = 1) with column j of B;
 *   - rows of B contiguous (csb = 1): C[i, :] += A[i, p] · B[p, :] for each p (SIMD axpy).
 * Pointers are byte addresses; strides are in elements.
 */

/** Most rows of A this path takes; beyond it packing pays for itself. */
export const SMALL_M: i32 = 8;

/**
 * C = A · B for M ≤ SMALL_M (C overwritten). Returns false, doing nothing, when B's layout is
 * neither of the two above or A's rows are not contiguous for the dot form.
 */
export function sgemmSmallM(
  m: i32, n: i32, k: i32,
  a: usize, rsa: i32, csa: i32,
  b: usize, rsb: i32, csb: i32,
  c: usize,
): bool {
  if (m > SMALL_M) return false;
  if (rsb === 1 && csa === 1) {
    for (let i = 0; i < m; i++) {
      const ar = a + <usize>((i * rsa) << 2);
      const cr = c + <usize>((i * n) << 2);
      for (let j = 0; j < n; j++) store<f32>(cr + (<usize>j << 2), dot(ar, b + <usize>((j * csb) << 2), k));
    }
    return true;
  }
  if (csb === 1) {
    memory.fill(c, 0, <usize>(m * n) << 2);
    for (let p = 0; p < k; p++) {
      const br = b + <usize>((p * rsb) << 2);
      for (let i = 0; i < m; i++) {
        const aip = load<f32>(a + <usize>((i * rsa + p * csa) << 2));
        const cr = c + <usize>((i * n) << 2);
        const av = f32x4.splat(aip);
        let j = 0;
        for (; j + 4 <= n; j += 4) {
          const o = <usize>j << 2;
          v128.store(cr + o, f32x4.add(v128.load(cr + o), f32x4.mul(av, v128.load(br + o))));
        }
        for (; j < n; j++) {
          const o = <usize>j << 2;
          store<f32>(cr + o, load<f32>(cr + o) + aip * load<f32>(br + o));
        }
      }
    }
    return true;
  }
  return false;
}

/** Σ x[p]·y[p] over k contiguous float32 pairs, in four f32x4 accumulators. */
function dot(x: usize, y: usize, k: i32): f32 {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let s2 = f32x4.splat(0);
  let s3 = f32x4.splat(0);
  let p = 0;
  for (; p + 16 <= k; p += 16) {
    const o = <usize>p << 2;
    s0 = f32x4.add(s0, f32x4.mul(v128.load(x + o), v128.load(y + o)));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(x + o + 16), v128.load(y + o + 16)));
    s2 = f32x4.add(s2, f32x4.mul(v128.load(x + o + 32), v128.load(y + o + 32)));
    s3 = f32x4.add(s3, f32x4.mul(v128.load(x + o + 48), v128.load(y + o + 48)));
  }
  for (; p + 4 <= k; p += 4) {
    const o = <usize>p << 2;
    s0 = f32x4.add(s0, f32x4.mul(v128.load(x + o), v128.load(y + o)));
  }
  const s = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
  let acc = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
  for (; p < k; p++) acc += load<f32>(x + (<usize>p << 2)) * load<f32>(y + (<usize>p << 2));
  return acc;
}
