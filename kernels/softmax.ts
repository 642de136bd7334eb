/**
 * Softmax and log-softmax along the rows of a contiguous float32 [rows, len] matrix (AssemblyScript
 * with SIMD), one pass for the maximum, one for the exponentials and their sum, one to normalise —
 * instead of the five kernel calls and four temporaries of the composite max/sub/exp/sum/div.
 *
 *   softmax:     out[j] = e^(x[j] − m) / s
 *   log-softmax: out[j] = (x[j] − m) − ln s,        m = maxⱼ x[j],  s = Σⱼ e^(x[j] − m)
 *
 * The maximum propagates NaN (like the max reduction) and s accumulates in float64, so a row with a
 * NaN, or one whose maximum is ±∞, gives NaN as the composite does.
 */
import { expF32x4 } from './exp';

/** Softmax (`log` 0) or log-softmax (`log` 1) of each row; `out` may not alias `x`. */
export function softmaxRowsF32(x: usize, out: usize, rows: i32, len: i32, log: i32): void {
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>((r * len) << 2);
    const or = out + <usize>((r * len) << 2);
    const m = rowMax(xr, len);
    const mv = f32x4.splat(m);
    let s0 = f64x2.splat(0);
    let s1 = f64x2.splat(0);
    let j = 0;
    for (; j + 4 <= len; j += 4) {
      const o = <usize>j << 2;
      const e = inline.always(expF32x4(f32x4.sub(v128.load(xr + o), mv)));
      if (log === 0) v128.store(or + o, e);
      s0 = f64x2.add(s0, f64x2.promote_low_f32x4(e));
      s1 = f64x2.add(s1, f64x2.promote_low_f32x4(i64x2.shuffle(e, e, 1, 0)));
    }
    let s = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1) + f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1);
    for (; j < len; j++) {
      const o = <usize>j << 2;
      const e = f32x4.extract_lane(inline.always(expF32x4(f32x4.splat(load<f32>(xr + o) - m))), 0);
      if (log === 0) store<f32>(or + o, e);
      s += <f64>e;
    }
    if (log === 0) {
      const sv = f32x4.splat(<f32>s);
      j = 0;
      for (; j + 4 <= len; j += 4) v128.store(or + (<usize>j << 2), f32x4.div(v128.load(or + (<usize>j << 2)), sv));
      for (; j < len; j++) store<f32>(or + (<usize>j << 2), load<f32>(or + (<usize>j << 2)) / <f32>s);
    } else {
      // (x − m) − ln s rather than x − (m + ln s): the first difference is exact for the largest
      // entries, so ln s is not lost to the rounding of a large m.
      const ls = <f32>logAtLeastOne(s);
      const lsv = f32x4.splat(ls);
      j = 0;
      for (; j + 4 <= len; j += 4) v128.store(or + (<usize>j << 2), f32x4.sub(f32x4.sub(v128.load(xr + (<usize>j << 2)), mv), lsv));
      for (; j < len; j++) store<f32>(or + (<usize>j << 2), load<f32>(xr + (<usize>j << 2)) - m - ls);
    }
  }
}

/** The largest of `len` ≥ 1 float32 values, NaN when any is NaN. */
function rowMax(x: usize, len: i32): f32 {
  let mv = f32x4.splat(-Infinity);
  let j = 0;
  // f32x4.max propagates NaN, as Math.max does.
  for (; j + 4 <= len; j += 4) mv = f32x4.max(mv, v128.load(x + (<usize>j << 2)));
  let m = max(max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
  for (; j < len; j++) m = max(m, load<f32>(x + (<usize>j << 2)));
  return m;
}

/**
 * ln s for s ≥ 1 (a softmax row's sum of e^(x − m) ≥ e^0), NaN for NaN. Written out because the
 * standard library's log reads lookup tables from a data segment, and the module must have none
 * (a helper thread's instance would write them into the shared memory again).
 * s = 2^e·f with f in [√½, √2); ln f = 2·atanh(z), z = (f − 1)/(f + 1), |z| < 0.172: the odd series
 * to z¹⁷ is within 1e-15 — far below the float32 result's rounding.
 */
function logAtLeastOne(s: f64): f64 {
  if (isNaN(s)) return s;
  const bits = reinterpret<u64>(s);
  let e = <i32>((bits >> 52) & 0x7ff) - 1023;
  let f = reinterpret<f64>((bits & 0x000fffffffffffff) | 0x3ff0000000000000);
  if (f >= 1.4142135623730951) {
    f *= 0.5;
    e += 1;
  }
  const z = (f - 1) / (f + 1);
  const z2 = z * z;
  let series = 1.0 / 17;
  series = series * z2 + 1.0 / 15;
  series = series * z2 + 1.0 / 13;
  series = series * z2 + 1.0 / 11;
  series = series * z2 + 1.0 / 9;
  series = series * z2 + 1.0 / 7;
  series = series * z2 + 1.0 / 5;
  series = series * z2 + 1.0 / 3;
  series = series * z2 + 1;
  return <f64>e * 0.6931471805599453 + 2 * z * series;
}
