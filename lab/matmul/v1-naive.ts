/**
 * Kernel lab, matmul v1: the clear version. Three scalar loops (i, j, p) reading A and B through
 * their strides, one float32 dot product per output. No packing, no SIMD: the baseline.
 *
 * Shape legend: C[M×N] (row-major, ldc = N) = A[M×K] · B[K×N], A and B read through element
 * strides (rsa, csa), (rsb, csb). Same entry points as kernels/matmul.ts: sgemm, sgemmScratchBytes.
 */

export function sgemmScratchBytes(): i32 {
  return 16;
}

export function sgemm(
  m: i32, n: i32, k: i32,
  a: usize, rsa: i32, csa: i32,
  b: usize, rsb: i32, csb: i32,
  c: usize,
  _scratch: usize,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc: f32 = 0;
      for (let p = 0; p < k; p++) {
        acc += load<f32>(a + <usize>((i * rsa + p * csa) << 2)) * load<f32>(b + <usize>((p * rsb + j * csb) << 2));
      }
      store<f32>(c + <usize>((i * n + j) << 2), acc);
    }
  }
}
