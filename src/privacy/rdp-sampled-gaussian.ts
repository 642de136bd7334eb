/**
 * Rényi differential privacy of the sampled Gaussian mechanism (Mironov, Talwar & Zhang 2019,
 * "Rényi Differential Privacy of the Sampled Gaussian Mechanism", §3.3): one DP-SGD step adds
 * N(0, σ²) noise (σ in units of the clipping norm) to the sum over a Poisson sample in which each
 * example takes part with probability q. The RDP of order α is log(A_α) / (α − 1), with
 *
 *   A_α = E_{z∼μ₀} [((1 − q) + q·μ₁(z)/μ₀(z))^α],  μ₀ = N(0, σ²), μ₁ = N(1, σ²).
 *
 * Integer α: the binomial expansion (their eq. for integer orders) summed in log space.
 * Fractional α: the two-sided series of §3.3 with erfc tails, summed until terms fall below e⁻³⁰.
 * This is the same computation as TensorFlow Privacy's `compute_rdp` and Opacus's
 * `analysis/rdp.py`, written anew in TypeScript (float64 throughout).
 */
import { ValueError } from '../core/index.js';

/** log(eˣ + eʸ) without overflow. */
function logAdd(x: number, y: number): number {
  const [a, b] = x < y ? [x, y] : [y, x];
  if (a === -Infinity) return b;
  return Math.log1p(Math.exp(a - b)) + b;
}

/** log(eˣ − eʸ) for x ≥ y. */
function logSub(x: number, y: number): number {
  if (y === -Infinity) return x;
  if (x <= y) return -Infinity;
  const d = x - y;
  // expm1 overflows beyond ~709; there log(eˣ − eʸ) = x to double precision.
  return d > 700 ? x : Math.log(Math.expm1(d)) + y;
}

/**
 * log(erfc(x)), accurate in the far tail where erfc underflows: Numerical Recipes' Chebyshev
 * fit erfc(z) = t·exp(−z² + P(t)), t = 1/(1 + z/2), whose relative error is below 1.2·10⁻⁷ for
 * every z ≥ 0, taken in log form; negative x uses erfc(x) = 2 − erfc(−x).
 */
export function logErfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const logErfcZ = Math.log(t) - z * z + poly;
  return x >= 0 ? logErfcZ : Math.log(2 - Math.exp(logErfcZ));
}

/** log A_α for an integer α by the binomial expansion. */
function logAInteger(q: number, sigma: number, alpha: number): number {
  let logA = -Infinity;
  let logBinom = 0; // log C(α, i), updated as i grows
  for (let i = 0; i <= alpha; i++) {
    if (i > 0) logBinom += Math.log(alpha - i + 1) - Math.log(i);
    const term = logBinom + i * Math.log(q) + (alpha - i) * Math.log1p(-q) + (i * i - i) / (2 * sigma * sigma);
    logA = logAdd(logA, term);
  }
  return logA;
}

/** log A_α for a fractional α by the two-sided series with erfc tails. */
function logAFractional(q: number, sigma: number, alpha: number): number {
  let logA0 = -Infinity;
  let logA1 = -Infinity;
  const z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
  let logCoef = 0; // log |C(α, i)|
  let positive = true; // sign of C(α, i)
  for (let i = 0; ; i++) {
    if (i > 0) {
      const factor = (alpha - i + 1) / i;
      logCoef += Math.log(Math.abs(factor));
      if (factor < 0) positive = !positive;
    }
    const j = alpha - i;
    const logT0 = logCoef + i * Math.log(q) + j * Math.log1p(-q);
    const logT1 = logCoef + j * Math.log(q) + i * Math.log1p(-q);
    const logE0 = Math.log(0.5) + logErfc((i - z0) / (Math.SQRT2 * sigma));
    const logE1 = Math.log(0.5) + logErfc((z0 - j) / (Math.SQRT2 * sigma));
    const logS0 = logT0 + (i * i - i) / (2 * sigma * sigma) + logE0;
    const logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
    if (positive) {
      logA0 = logAdd(logA0, logS0);
      logA1 = logAdd(logA1, logS1);
    } else {
      logA0 = logSub(logA0, logS0);
      logA1 = logSub(logA1, logS1);
    }
    if (Math.max(logS0, logS1) < -30) break;
  }
  return logAdd(logA0, logA1);
}

/**
 * RDP of one step of the sampled Gaussian mechanism at order α.
 *
 * @param sampleRate q ∈ [0, 1], the probability that an example is in a batch.
 * @param noiseMultiplier σ ≥ 0, the noise standard deviation over the clipping norm.
 * @param order α > 1.
 */
export function rdpOfSampledGaussian(sampleRate: number, noiseMultiplier: number, order: number): number {
  if (sampleRate === 0) return 0;
  if (noiseMultiplier === 0 || order === Infinity) return Infinity;
  if (sampleRate === 1) return order / (2 * noiseMultiplier * noiseMultiplier);
  const logA = Number.isInteger(order) ? logAInteger(sampleRate, noiseMultiplier, order) : logAFractional(sampleRate, noiseMultiplier, order);
  return logA / (order - 1);
}

/**
 * RDP at each order after `steps` steps (RDP composes additively), TensorFlow Privacy's
 * `compute_rdp(q, noise_multiplier, steps, orders)`.
 *
 * @throws ValueError for q outside [0, 1], a negative σ or steps, or an order ≤ 1.
 * @example
 * const rdp = computeRdp(256 / 60000, 1.1, 14063, DEFAULT_RDP_ORDERS);
 */
export function computeRdp(sampleRate: number, noiseMultiplier: number, steps: number, orders: readonly number[]): number[] {
  if (!(sampleRate >= 0 && sampleRate <= 1)) throw new ValueError(`computeRdp: sampleRate must be in [0, 1], got ${sampleRate}`);
  if (!(noiseMultiplier >= 0)) throw new ValueError(`computeRdp: noiseMultiplier must be ≥ 0, got ${noiseMultiplier}`);
  if (!(steps >= 0) || !Number.isInteger(steps)) throw new ValueError(`computeRdp: steps must be a non-negative integer, got ${steps}`);
  return orders.map((order) => {
    if (!(order > 1)) throw new ValueError(`computeRdp: every order must be > 1, got ${order}`);
    return steps === 0 ? 0 : steps * rdpOfSampledGaussian(sampleRate, noiseMultiplier, order);
  });
}
