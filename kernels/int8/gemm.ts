/**
 * int8 × int8 → int32 matrix product and float32 → int8 input quantisation for quantised layers (AssemblyScript, SIMD; built by
 * tools/build-int8-wasm.ts into src/compress/int8-gemm-wasm-bytes.ts). The TypeScript reference is
 * src/compress/int8-gemm.ts; a test checks the two agree exactly.
 *
 * Shape legend: C[M×N] (int32, row-major) = A[M×K] · B[N×K]ᵀ, A and B int8 row-major, so each
 * output is a dot product of two contiguous rows. Per 16 bytes of K: both rows are widened to two
 * i16x8 halves and multiplied pairwise with i32x4.dot_i16x8_s (8 products → 4 lanes each); B is
 * blocked 16 rows at a time so a block stays in L1 while A streams past, and a 2×2 tile of
 * (row of A, row of B) pairs shares every load. At M = N = 256, K = 784 this ran at 11–13 GMAC/s
 * on the shared build machine, against 4–5 without the blocking (v1, 2×2 tiles only). |a·b| ≤ 2¹⁴, so lanes cannot overflow for K < 2¹⁷.
 * Pointers are byte addresses in this module's own memory; the caller copies operands in.
 */

/** First free byte after the module's static data: operands go from here. */
export function heapBase(): usize {
  return __heap_base;
}

function dot16(acc: v128, alo: v128, ahi: v128, b: v128): v128 {
  const lo = i32x4.dot_i16x8_s(alo, i16x8.extend_low_i8x16_s(b));
  const hi = i32x4.dot_i16x8_s(ahi, i16x8.extend_high_i8x16_s(b));
  return i32x4.add(acc, i32x4.add(lo, hi));
}

function lanes(v: v128): i32 {
  return i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3);
}

/** Dot products of one row of A with rows j… of B (the edge rows of A). */
function rowTimesB(ar: usize, b: usize, cr: usize, n: i32, k: i32): void {
  const k16 = k & ~15;
  const stride = <usize>k;
  for (let j = 0; j < n; j++) {
    const b0 = b + <usize>j * stride;
    let s0 = i32x4.splat(0);
    let p = 0;
    for (; p < k16; p += 16) {
      const va = v128.load(ar + <usize>p);
      s0 = inline.always(dot16(s0, i16x8.extend_low_i8x16_s(va), i16x8.extend_high_i8x16_s(va), v128.load(b0 + <usize>p)));
    }
    let t0 = inline.always(lanes(s0));
    for (; p < k; p++) t0 += <i32>load<i8>(ar + <usize>p) * <i32>load<i8>(b0 + <usize>p);
    store<i32>(cr + (<usize>j << 2), t0);
  }
}

/** Rows of B per block: 16 rows × K bytes stay in L1 while every row of A passes (K ≤ 2,048). */
const NB: i32 = 16;

/**
 * C = A · Bᵀ in int32 (C is overwritten). B is taken NB rows at a time (cache blocking); within a
 * block a 2×2 register tile of (row of A, row of B) pairs shares each load. K tails and odd
 * rows/columns go through scalar code.
 */
export function int8GemmNT(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32): void {
  const stride = <usize>k;
  for (let jb = 0; jb < n; jb += NB) {
    const nb = min(NB, n - jb);
    let i = 0;
    for (; i + 2 <= m; i += 2) {
      const a0 = a + <usize>i * stride;
      const c0 = c + ((<usize>i * <usize>n + <usize>jb) << 2);
      const even = nb & ~1;
      tile2x2(a0, a0 + stride, b + <usize>jb * stride, c0, c0 + (<usize>n << 2), even, k);
      if (even < nb) {
        const bj = b + <usize>(jb + even) * stride;
        rowTimesB(a0, bj, c0 + (<usize>even << 2), 1, k);
        rowTimesB(a0 + stride, bj, c0 + (<usize>n << 2) + (<usize>even << 2), 1, k);
      }
    }
    if (i < m) rowTimesB(a + <usize>i * stride, b + <usize>jb * stride, c + ((<usize>i * <usize>n + <usize>jb) << 2), nb, k);
  }
}

/** Two rows of A times `cols` (even) rows of B, written to two rows of C. */
function tile2x2(a0: usize, a1: usize, b: usize, c0: usize, c1: usize, cols: i32, k: i32): void {
  const k16 = k & ~15;
  const stride = <usize>k;
  for (let j = 0; j < cols; j += 2) {
    const b0 = b + <usize>j * stride;
    const b1 = b0 + stride;
    let s00 = i32x4.splat(0);
    let s01 = i32x4.splat(0);
    let s10 = i32x4.splat(0);
    let s11 = i32x4.splat(0);
    let p = 0;
    for (; p < k16; p += 16) {
      const va0 = v128.load(a0 + <usize>p);
      const va1 = v128.load(a1 + <usize>p);
      const vb0 = v128.load(b0 + <usize>p);
      const vb1 = v128.load(b1 + <usize>p);
      const a0lo = i16x8.extend_low_i8x16_s(va0);
      const a0hi = i16x8.extend_high_i8x16_s(va0);
      const a1lo = i16x8.extend_low_i8x16_s(va1);
      const a1hi = i16x8.extend_high_i8x16_s(va1);
      const b0lo = i16x8.extend_low_i8x16_s(vb0);
      const b0hi = i16x8.extend_high_i8x16_s(vb0);
      const b1lo = i16x8.extend_low_i8x16_s(vb1);
      const b1hi = i16x8.extend_high_i8x16_s(vb1);
      s00 = i32x4.add(s00, i32x4.add(i32x4.dot_i16x8_s(a0lo, b0lo), i32x4.dot_i16x8_s(a0hi, b0hi)));
      s01 = i32x4.add(s01, i32x4.add(i32x4.dot_i16x8_s(a0lo, b1lo), i32x4.dot_i16x8_s(a0hi, b1hi)));
      s10 = i32x4.add(s10, i32x4.add(i32x4.dot_i16x8_s(a1lo, b0lo), i32x4.dot_i16x8_s(a1hi, b0hi)));
      s11 = i32x4.add(s11, i32x4.add(i32x4.dot_i16x8_s(a1lo, b1lo), i32x4.dot_i16x8_s(a1hi, b1hi)));
    }
    let t00 = inline.always(lanes(s00));
    let t01 = inline.always(lanes(s01));
    let t10 = inline.always(lanes(s10));
    let t11 = inline.always(lanes(s11));
    for (; p < k; p++) {
      const x0 = <i32>load<i8>(a0 + <usize>p);
      const x1 = <i32>load<i8>(a1 + <usize>p);
      const y0 = <i32>load<i8>(b0 + <usize>p);
      const y1 = <i32>load<i8>(b1 + <usize>p);
      t00 += x0 * y0;
      t01 += x0 * y1;
      t10 += x1 * y0;
      t11 += x1 * y1;
    }
    store<i32>(c0 + (<usize>j << 2), t00);
    store<i32>(c0 + (<usize>j << 2), t01, 4);
    store<i32>(c1 + (<usize>j << 2), t10);
    store<i32>(c1 + (<usize>j << 2), t11, 4);
  }
}

/**
 * q[i] = clamp(nearest(clamp(x[i] · inverse, ±300)) + zero, −128, 127), NaN → zero: the affine int8
 * quantisation of float32 inputs, computed in f64 with ties to even exactly as
 * src/compress/quantization-params.ts does, so both paths give the same bytes.
 */
export function quantizeAffineF32(x: usize, q: usize, n: i32, inverse: f64, zero: i32): void {
  for (let i = 0; i < n; i++) {
    const v = <f64>load<f32>(x + (<usize>i << 2)) * inverse;
    let r = zero;
    if (!isNaN<f64>(v)) r = min<i32>(127, max<i32>(-128, <i32>nearest<f64>(min<f64>(300, max<f64>(-300, v))) + zero));
    store<i8>(q + <usize>i, <i8>r);
  }
}
