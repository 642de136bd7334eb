/**
 * float32 matrix product for the wasm backend (AssemblyScript, compiled with SIMD; see
 * tools/build-wasm.ts). Promoted from lab/matmul (the winning version; the lab README says why).
 *
 * Shape legend: C[M×N] (row-major, row stride ldc ≥ N) = A[M×K] · B[K×N]. A and B are read
 * through element strides (rsa, csa) and (rsb, csb), so transposed and sliced operands need no
 * copy in JS: the packing step below turns any layout into the micro-kernel's panels.
 * Blocking (Goto / BLIS): KC-deep slices of K; B packed into NR-wide column panels, A into
 * MR-tall row panels; an MR×NR register tile of C accumulates KC products per visit.
 * Pointers are byte addresses in the shared memory; strides are in elements and may be negative.
 *
 * Two builds (tools/build-wasm.ts): plain SIMD, and relaxed SIMD, where the micro-kernel's
 * multiply-add is one fused `f32x4.relaxed_madd` (lab/matmul v6). `ASC_FEATURE_RELAXED_SIMD` is a
 * compile-time constant, so each build holds only its own branch.
 */

// Register tile: 4 rows × 8 columns = 8 f32x4 accumulators, plus 2 loads of B and 1 broadcast of
// A: 11 of the 16 xmm registers V8 has, so nothing spills (the lab's 6×8 tile spilled).
const MR: i32 = 4;
const NR: i32 = 8;
/** Depth of a K slice: an MR×KC panel of A (4 KiB) plus an NR×KC panel of B (8 KiB) stay in L1. */
export const KC: i32 = 256;
/** Rows of A packed at once: MC×KC floats (128 KiB) stay in L2 while every B panel streams past. */
export const MC: i32 = 128;
/** Columns of B packed at once: KC×NC floats (2 MiB at most). */
export const NC: i32 = 2048;

/** Bytes of scratch {@link sgemm} needs for its packed panels and the edge tile. */
export function sgemmScratchBytes(): i32 {
  return ((MC + MR) * KC + KC * NC + MR * NR) * 4;
}

/**
 * C = A · B for float32 (C is overwritten; its rows are `ldc` elements apart, so a block of columns
 * of a wider C can be computed alone). `scratch` points at {@link sgemmScratchBytes} bytes,
 * 16-byte aligned. K = 0 gives zeros.
 *
 * Each element of C is summed in the same order whatever block of C a call computes (KC slices in
 * turn, p ascending within a slice), so splitting C across calls (thread-jobs.ts) changes no bit.
 */
export function sgemm(
  m: i32, n: i32, k: i32,
  a: usize, rsa: i32, csa: i32,
  b: usize, rsb: i32, csb: i32,
  c: usize, ldc: i32,
  scratch: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    for (let i = 0; i < m; i++) memory.fill(c + <usize>(i * ldc) * 4, 0, <usize>n << 2);
    return;
  }
  const packA = scratch;
  const packB = scratch + <usize>((MC + MR) * KC * 4);
  const tile = packB + <usize>(KC * NC * 4);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packPanelsB(kc, nc, b + inline.always(offsetBytes(pc, rsb, jc, csb)), rsb, csb, packB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packPanelsA(mc, kc, a + inline.always(offsetBytes(ic, rsa, pc, csa)), rsa, csa, packA);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const bp = packB + <usize>(jr * kc * 4);
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const cp = c + <usize>(((ic + ir) * ldc + jc + jr) << 2);
            microKernel(kc, packA + <usize>(ir * kc * 4), bp, cp, ldc, pc > 0, rows, cols, tile);
          }
        }
      }
    }
  }
}

/** acc + a·b per lane: fused (one rounding) in the relaxed build, multiply then add otherwise. */
function madd(a: v128, b: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

/** Byte offset of element (i, j) of a strided matrix; wraps correctly for negative strides. */
function offsetBytes(i: i32, ri: i32, j: i32, cj: i32): usize {
  return <usize>((i * ri + j * cj) << 2);
}

/**
 * Packs A[mc×kc] into MR-row panels: panel r holds, for each p, the MR values A[r·MR + 0…MR−1, p]
 * contiguously. Rows past mc are zero, so the micro-kernel never branches on the edge.
 */
function packPanelsA(mc: i32, kc: i32, a: usize, rsa: i32, csa: i32, dst: usize): void {
  for (let i = 0; i < mc; i += MR) {
    const rows = min(MR, mc - i);
    if (rows === MR && rsa === 1) {
      // A transposed in memory (the dW = Xᵀ·dY case): the MR values of each p are adjacent.
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(a + inline.always(offsetBytes(i, rsa, p, csa))));
        dst += 16;
      }
      continue;
    }
    for (let p = 0; p < kc; p++) {
      for (let r = 0; r < MR; r++) {
        store<f32>(dst, r < rows ? load<f32>(a + inline.always(offsetBytes(i + r, rsa, p, csa))) : 0);
        dst += 4;
      }
    }
  }
}

/**
 * Packs B[kc×nc] into NR-column panels: panel j holds, for each p, the NR values
 * B[p, j·NR + 0…NR−1] contiguously. Columns past nc are zero.
 */
function packPanelsB(kc: i32, nc: i32, b: usize, rsb: i32, csb: i32, dst: usize): void {
  for (let j = 0; j < nc; j += NR) {
    const cols = min(NR, nc - j);
    if (cols === NR && csb === 1) {
      // Row-major B (the forward pass and dX = dY·Wᵀ after packing): two vector loads per p.
      for (let p = 0; p < kc; p++) {
        const src = b + inline.always(offsetBytes(p, rsb, j, 1));
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        dst += 32;
      }
      continue;
    }
    for (let p = 0; p < kc; p++) {
      for (let q = 0; q < NR; q++) {
        store<f32>(dst, q < cols ? load<f32>(b + inline.always(offsetBytes(p, rsb, j + q, csb))) : 0);
        dst += 4;
      }
    }
  }
}

/**
 * C[rows×cols] (+)= Apanel · Bpanel over kc steps, as an MR×NR tile held in registers.
 * A partial edge tile is computed in full into `tile` (the zero padding makes the extra lanes
 * harmless) and only its valid part is written back.
 */
function microKernel(
  kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, accumulate: bool, rows: i32, cols: i32, tile: usize,
): void {
  let c00 = f32x4.splat(0); let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0); let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0); let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0); let c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let av = v128.load32_splat(ap);
    c00 = inline.always(madd(av, b0, c00)); c01 = inline.always(madd(av, b1, c01));
    av = v128.load32_splat(ap, 4);
    c10 = inline.always(madd(av, b0, c10)); c11 = inline.always(madd(av, b1, c11));
    av = v128.load32_splat(ap, 8);
    c20 = inline.always(madd(av, b0, c20)); c21 = inline.always(madd(av, b1, c21));
    av = v128.load32_splat(ap, 12);
    c30 = inline.always(madd(av, b0, c30)); c31 = inline.always(madd(av, b1, c31));
    ap += 16;
    bp += 32;
  }
  const row = <usize>ldc << 2;
  if (rows === MR && cols === NR) {
    if (accumulate) {
      c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
      c10 = f32x4.add(c10, v128.load(c + row)); c11 = f32x4.add(c11, v128.load(c + row, 16));
      c20 = f32x4.add(c20, v128.load(c + 2 * row)); c21 = f32x4.add(c21, v128.load(c + 2 * row, 16));
      c30 = f32x4.add(c30, v128.load(c + 3 * row)); c31 = f32x4.add(c31, v128.load(c + 3 * row, 16));
    }
    v128.store(c, c00); v128.store(c, c01, 16);
    v128.store(c + row, c10); v128.store(c + row, c11, 16);
    v128.store(c + 2 * row, c20); v128.store(c + 2 * row, c21, 16);
    v128.store(c + 3 * row, c30); v128.store(c + 3 * row, c31, 16);
    return;
  }
  v128.store(tile, c00); v128.store(tile, c01, 16);
  v128.store(tile, c10, 32); v128.store(tile, c11, 48);
  v128.store(tile, c20, 64); v128.store(tile, c21, 80);
  v128.store(tile, c30, 96); v128.store(tile, c31, 112);
  for (let r = 0; r < rows; r++) {
    const cr = c + <usize>r * row;
    const tr = tile + <usize>(r * NR * 4);
    for (let q = 0; q < cols; q++) {
      const at = cr + (<usize>q << 2);
      const v = load<f32>(tr + (<usize>q << 2));
      store<f32>(at, accumulate ? load<f32>(at) + v : v);
    }
  }
}
