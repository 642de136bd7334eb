/**
 * e^x on four float32 lanes (AssemblyScript SIMD): the Cephes `expf` scheme — x = n·ln 2 + r with
 * |r| ≤ ln 2 / 2, a degree-6 polynomial for e^r, then a multiply by 2^n.
 *
 * 2^n is applied as two factors 2^⌊n/2⌋ · 2^(n−⌊n/2⌋), each a normal float32, so results that are
 * subnormal (x below −87.3) or overflow to +∞ (x above 88.7) come out as the IEEE product does
 * instead of being clamped. Relative error is within 2 ulp of the correctly rounded value over
 * the normal range (checked against Math.exp in test/backends/wasm-kernels.test.ts); NaN stays NaN,
 * e^−∞ = 0 and e^+∞ = +∞.
 */

// ln 2 split in a high part with few significand bits (so n·LN2_HI is exact for |n| ≤ 2^15) and the rest.
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
const LOG2E: f32 = 1.4426950408889634;

/** e^x for each lane of x. */
export function expF32x4(x: v128): v128 {
  // Beyond these every result is 0 or +∞ anyway; the clamp keeps n inside the exponent's reach.
  const clamped = f32x4.max(f32x4.min(x, f32x4.splat(89)), f32x4.splat(-104));
  const n = f32x4.nearest(f32x4.mul(clamped, f32x4.splat(LOG2E)));
  let r = f32x4.sub(clamped, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  const r2 = f32x4.mul(r, r);
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(f32x4.add(f32x4.mul(p, r2), r), f32x4.splat(1));
  // 2^n = 2^h · 2^(n−h): each factor's biased exponent stays in [1, 254].
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const h = i32x4.shr_s(ni, 1);
  const scaleA = i32x4.shl(i32x4.add(h, i32x4.splat(127)), 23);
  const scaleB = i32x4.shl(i32x4.add(i32x4.sub(ni, h), i32x4.splat(127)), 23);
  const result = f32x4.mul(f32x4.mul(y, scaleA), scaleB);
  // NaN: the clamp keeps it (min/max propagate NaN), so `result` is NaN already.
  return result;
}
