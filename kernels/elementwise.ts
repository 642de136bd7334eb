/**
 * float32 elementwise kernels for the wasm backend (AssemblyScript with SIMD).
 *
 * Shape legend: `n` elements of a contiguous output. Binary inputs are walked as `rows` rows of
 * `len` elements: row r of an operand starts at `ptr + r·rowStride` and steps by `inner` (1 =
 * contiguous, 0 = one value repeated across the row). That one scheme covers equal shapes
 * (rows = 1), a scalar (both strides 0), a bias row repeated over a batch (rowStride 0, inner 1) and
 * a per-row value such as a softmax max (rowStride 1, inner 0). Strides are in elements.
 * Op codes are the indices of UNARY_CODES / BINARY_CODES in src/backends/wasm/op-codes.ts.
 *
 * float32 add/sub/mul/div/sqrt round exactly as the JS backend's double-then-round does (a
 * double result rounded to float32 equals the float32 operation for these), so they match bit for
 * bit; max/min propagate NaN and order −0 below +0, as Math.max/min do.
 */

import { expF32x4 } from './exp';

function unaryVec(op: i32, x: v128): v128 {
  switch (op) {
    case 0: return f32x4.neg(x);
    case 1: return f32x4.abs(x);
    case 2: return f32x4.sqrt(x);
    // relu: `x <= 0 ? 0 : x`, so NaN stays NaN and −0 becomes +0 (torch.relu).
    case 3: return v128.bitselect(f32x4.splat(0), x, f32x4.le(x, f32x4.splat(0)));
    case 4: return f32x4.floor(x);
    case 5: return f32x4.ceil(x);
    // nearest rounds half to even, like torch.round.
    case 6: return f32x4.nearest(x);
    case 8: return inline.always(expF32x4(x));
    default: return f32x4.div(f32x4.splat(1), f32x4.sqrt(x));
  }
}

function unaryScalar(op: i32, x: f32): f32 {
  return f32x4.extract_lane(inline.always(unaryVec(op, f32x4.splat(x))), 0);
}

/** out[i] = op(x[i]) for contiguous float32 x and out. */
export function unaryF32(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  // One loop per op, each with the op inlined as a constant, keeps the switch out of the hot loop.
  switch (op) {
    case 0: for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), inline.always(unaryVec(0, v128.load(x + (<usize>i << 2))))); break;
    case 1: for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), inline.always(unaryVec(1, v128.load(x + (<usize>i << 2))))); break;
    case 2: for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), inline.always(unaryVec(2, v128.load(x + (<usize>i << 2))))); break;
    case 3: for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), inline.always(unaryVec(3, v128.load(x + (<usize>i << 2))))); break;
    case 4: for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), inline.always(unaryVec(4, v128.load(x + (<usize>i << 2))))); break;
    case 5: for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), inline.always(unaryVec(5, v128.load(x + (<usize>i << 2))))); break;
    case 6: for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), inline.always(unaryVec(6, v128.load(x + (<usize>i << 2))))); break;
    case 8: for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), inline.always(unaryVec(8, v128.load(x + (<usize>i << 2))))); break;
    default: for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), inline.always(unaryVec(7, v128.load(x + (<usize>i << 2))))); break;
  }
  for (; i < n; i++) store<f32>(out + (<usize>i << 2), inline.always(unaryScalar(op, load<f32>(x + (<usize>i << 2)))));
}

function binaryVec(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case 0: return f32x4.add(a, b);
    case 1: return f32x4.sub(a, b);
    case 2: return f32x4.mul(a, b);
    case 3: return f32x4.div(a, b);
    case 4: return f32x4.max(a, b);
    default: return f32x4.min(a, b);
  }
}

function binaryScalar(op: i32, a: f32, b: f32): f32 {
  return f32x4.extract_lane(inline.always(binaryVec(op, f32x4.splat(a), f32x4.splat(b))), 0);
}

/** One row: out[i] = op(a[i·ia], b[i·ib]) for i < len, with ia, ib ∈ {0, 1}. */
function binaryRow(op: i32, a: usize, ia: i32, b: usize, ib: i32, out: usize, len: i32): void {
  let i = 0;
  if (ia === 1 && ib === 1) {
    for (; i + 4 <= len; i += 4) {
      const o = <usize>i << 2;
      v128.store(out + o, inline.always(binaryVec(op, v128.load(a + o), v128.load(b + o))));
    }
  } else if (ia === 1) {
    const bv = v128.load32_splat(b);
    for (; i + 4 <= len; i += 4) {
      const o = <usize>i << 2;
      v128.store(out + o, inline.always(binaryVec(op, v128.load(a + o), bv)));
    }
  } else if (ib === 1) {
    const av = v128.load32_splat(a);
    for (; i + 4 <= len; i += 4) {
      const o = <usize>i << 2;
      v128.store(out + o, inline.always(binaryVec(op, av, v128.load(b + o))));
    }
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, inline.always(binaryScalar(op, load<f32>(a + (ia === 1 ? o : 0)), load<f32>(b + (ib === 1 ? o : 0)))));
  }
}

/** Binary op over `rows` rows of `len` elements (see the legend); out is contiguous. */
export function binaryF32(
  op: i32,
  a: usize, aRowStride: i32, aInner: i32,
  b: usize, bRowStride: i32, bInner: i32,
  out: usize, rows: i32, len: i32,
): void {
  for (let r = 0; r < rows; r++) {
    const ap = a + <usize>((r * aRowStride) << 2);
    const bp = b + <usize>((r * bRowStride) << 2);
    const op_ = out + <usize>((r * len) << 2);
    switch (op) {
      case 0: inline.always(binaryRow(0, ap, aInner, bp, bInner, op_, len)); break;
      case 1: inline.always(binaryRow(1, ap, aInner, bp, bInner, op_, len)); break;
      case 2: inline.always(binaryRow(2, ap, aInner, bp, bInner, op_, len)); break;
      case 3: inline.always(binaryRow(3, ap, aInner, bp, bInner, op_, len)); break;
      case 4: inline.always(binaryRow(4, ap, aInner, bp, bInner, op_, len)); break;
      default: inline.always(binaryRow(5, ap, aInner, bp, bInner, op_, len)); break;
    }
  }
}

function compareVec(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case 0: return f32x4.eq(a, b);
    case 1: return f32x4.ne(a, b);
    case 2: return f32x4.lt(a, b);
    case 3: return f32x4.le(a, b);
    case 4: return f32x4.gt(a, b);
    default: return f32x4.ge(a, b);
  }
}

/** Four lanes of an operand: adjacent elements (inner 1) or one element repeated (inner 0). */
function loadOperand(p: usize, inner: i32): v128 {
  return inner === 1 ? v128.load(p) : v128.load32_splat(p);
}

/** One row of a comparison writing bool bytes (0/1); same walking scheme as {@link binaryRow}. */
function compareRow(op: i32, a: usize, ia: i32, b: usize, ib: i32, out: usize, len: i32): void {
  let i = 0;
  const one = i8x16.splat(1);
  const sa = <usize>(ia << 4);
  const sb = <usize>(ib << 4);
  // 16 comparisons → four i32 masks → narrowed to 16 bytes of 0 / −1 → 0 / 1.
  for (; i + 16 <= len; i += 16) {
    const o = <usize>i << 2;
    const ap = a + (ia === 1 ? o : 0);
    const bp = b + (ib === 1 ? o : 0);
    const m0 = inline.always(compareVec(op, inline.always(loadOperand(ap, ia)), inline.always(loadOperand(bp, ib))));
    const m1 = inline.always(compareVec(op, inline.always(loadOperand(ap + sa, ia)), inline.always(loadOperand(bp + sb, ib))));
    const m2 = inline.always(compareVec(op, inline.always(loadOperand(ap + 2 * sa, ia)), inline.always(loadOperand(bp + 2 * sb, ib))));
    const m3 = inline.always(compareVec(op, inline.always(loadOperand(ap + 3 * sa, ia)), inline.always(loadOperand(bp + 3 * sb, ib))));
    const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3));
    v128.store(out + <usize>i, v128.and(bytes, one));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    const av = load<f32>(a + (ia === 1 ? o : 0));
    const bv = load<f32>(b + (ib === 1 ? o : 0));
    const m = inline.always(compareVec(op, f32x4.splat(av), f32x4.splat(bv)));
    store<u8>(out + <usize>i, <u8>(i32x4.extract_lane(m, 0) & 1));
  }
}

/** Comparison of float32 operands writing bool (one byte per element); see {@link binaryF32}. */
export function compareF32(
  op: i32,
  a: usize, aRowStride: i32, aInner: i32,
  b: usize, bRowStride: i32, bInner: i32,
  out: usize, rows: i32, len: i32,
): void {
  for (let r = 0; r < rows; r++) {
    const ap = a + <usize>((r * aRowStride) << 2);
    const bp = b + <usize>((r * bRowStride) << 2);
    const op_ = out + <usize>(r * len);
    switch (op) {
      case 0: inline.always(compareRow(0, ap, aInner, bp, bInner, op_, len)); break;
      case 1: inline.always(compareRow(1, ap, aInner, bp, bInner, op_, len)); break;
      case 2: inline.always(compareRow(2, ap, aInner, bp, bInner, op_, len)); break;
      case 3: inline.always(compareRow(3, ap, aInner, bp, bInner, op_, len)); break;
      case 4: inline.always(compareRow(4, ap, aInner, bp, bInner, op_, len)); break;
      default: inline.always(compareRow(5, ap, aInner, bp, bInner, op_, len)); break;
    }
  }
}

/** Contiguous bool (bytes 0/1) → float32 (0/1), the cast every relu backward does. */
export function boolToF32(x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const words = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(x + <usize>i)));
    v128.store(out + (<usize>i << 2), f32x4.convert_i32x4_u(words));
  }
  for (; i < n; i++) store<f32>(out + (<usize>i << 2), <f32>load<u8>(x + <usize>i));
}

/**
 * Strided gather of 4-byte elements (float32 or int32) into a contiguous [rows, cols] output:
 * out[i, j] = src[i·rs + j·cs]. Walked in 8×8 blocks, so a transpose reads and writes whole
 * cache lines instead of touching one line per element.
 */
export function copyStrided32(src: usize, out: usize, rows: i32, cols: i32, rs: i32, cs: i32): void {
  for (let i0 = 0; i0 < rows; i0 += 8) {
    const i1 = min(i0 + 8, rows);
    for (let j0 = 0; j0 < cols; j0 += 8) {
      const j1 = min(j0 + 8, cols);
      for (let i = i0; i < i1; i++) {
        const o = out + <usize>((i * cols) << 2);
        for (let j = j0; j < j1; j++) {
          store<u32>(o + (<usize>j << 2), load<u32>(src + <usize>((i * rs + j * cs) << 2)));
        }
      }
    }
  }
}
