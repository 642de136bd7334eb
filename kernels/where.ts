/**
 * Selection for the wasm backend (AssemblyScript with SIMD): out[i] = cond[i] ? a[i] : b[i] over a
 * run of `n` elements, each operand either contiguous (inner 1) or one value repeated (inner 0) —
 * the causal mask of attention ([T, T] broadcast over batch and heads, a scalar −∞ fill) and its
 * gradient walk as runs of T·T elements. `cond` is bool bytes (0/1); a, b and out are float32.
 */

/** Four bool bytes widened to four all-ones / all-zeros lane masks. */
function boolMask(p: usize, inner: i32): v128 {
  const bytes = inner === 1 ? v128.load32_zero(p) : i32x4.splat(<i32>load<u8>(p));
  const lanes = inner === 1 ? i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(bytes)) : bytes;
  return i32x4.ne(lanes, i32x4.splat(0));
}

/** out[i] = cond[i·ic] ? a[i·ia] : b[i·ib] for i < n, with ic, ia, ib ∈ {0, 1}. */
export function whereF32(cond: usize, ic: i32, a: usize, ia: i32, b: usize, ib: i32, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const mask = boolMask(cond + (ic === 1 ? <usize>i : 0), ic);
    const av = ia === 1 ? v128.load(a + o) : v128.load32_splat(a);
    const bv = ib === 1 ? v128.load(b + o) : v128.load32_splat(b);
    v128.store(out + o, v128.bitselect(av, bv, mask));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const c = load<u8>(cond + (ic === 1 ? <usize>i : 0));
    store<f32>(out + o, c !== 0 ? load<f32>(a + (ia === 1 ? o : 0)) : load<f32>(b + (ib === 1 ? o : 0)));
  }
}
