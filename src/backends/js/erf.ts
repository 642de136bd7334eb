/**
 * The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt in float64, to about 1e-15 relative error
 * (float64 gradient checks of GELU and friends depend on it; JS has no Math.erf).
 *
 * Shape legend: scalar in, scalar out.
 *
 * Method (Abramowitz & Stegun 7.1.6 and 7.1.14):
 * - |x| < 3: erf(x) = 2/√π · e^(−x²) · Σₙ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)). Every term is positive,
 *   so the sum has no cancellation, unlike the alternating Taylor series.
 * - 3 ≤ |x| < 6: erf = 1 − erfc, with erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …))))
 *   evaluated by the modified Lentz method (Press et al., Numerical Recipes §5.2).
 * - |x| ≥ 6: erfc(6) ≈ 2e-17 is below half an ulp of 1, so erf is ±1.
 */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const ONE_OVER_SQRT_PI = 1 / Math.sqrt(Math.PI);
const SERIES_LIMIT = 3;
const SATURATION = 6;
const EPS = 2 ** -53;
/** Veltkamp's splitter 2²⁷ + 1: splits a double into two 26-bit halves whose products are exact. */
const SPLITTER = 134217729;

/**
 * e^(−x²) without the rounding error of `x * x`: at x ≈ 3 that error alone (≈ 9 ulp of x²) would
 * cost ≈ 1e-15 relative. Dekker's exact product gives x² = hi + lo; then e^(−hi)·(1 − lo), since
 * |lo| ≤ ulp(hi) makes e^(−lo) = 1 − lo to double precision.
 */
function expMinusSquare(x: number): number {
  const hi = x * x;
  const c = SPLITTER * x;
  const xHi = c - (c - x);
  const xLo = x - xHi;
  const lo = xHi * xHi - hi + 2 * xHi * xLo + xLo * xLo;
  return Math.exp(-hi) * (1 - lo);
}

/** The all-positive series, for 0 ≤ x < 3. */
function erfSeries(x: number): number {
  const twoX2 = 2 * x * x;
  let term = x;
  let sum = x;
  // Terms grow until n ≈ x² and then fall; stop once one no longer changes the sum.
  for (let n = 1; term > sum * EPS; n++) {
    term *= twoX2 / (2 * n + 1);
    sum += term;
  }
  return TWO_OVER_SQRT_PI * expMinusSquare(x) * sum;
}

/** erfc by its continued fraction, for x ≥ 3 (where it converges in a few dozen steps). */
function erfcContinuedFraction(x: number): number {
  // f = b₀ + a₁/(b₁ + a₂/(b₂ + …)) with bₙ = x and aₙ = n/2 (modified Lentz; no zero can occur
  // here because every partial denominator is at least x ≥ 3).
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = 1 / (x + a * d);
    c = x + a / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return (ONE_OVER_SQRT_PI * expMinusSquare(x)) / f;
}

/**
 * The error function, accurate to about 1e-15 relative in float64.
 *
 * @param x - any number; NaN gives NaN, ±∞ gives ±1, and −0 gives −0.
 * @example erf(1); // 0.8427007929497149
 */
export function erf(x: number): number {
  if (x !== x) return NaN;
  const ax = Math.abs(x);
  let y: number;
  if (ax < SERIES_LIMIT) y = erfSeries(ax);
  else if (ax < SATURATION) y = 1 - erfcContinuedFraction(ax);
  else y = 1;
  // erf is odd, and erf(−0) = −0 as in C's erf.
  return x < 0 || Object.is(x, -0) ? -y : y;
}
