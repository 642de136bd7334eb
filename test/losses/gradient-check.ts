/**
 * A small central-difference gradient checker for the loss tests (float64, as PyTorch's gradcheck).
 *
 * For f: x ↦ loss, a scalar or (reduction 'none') a tensor, the checker contracts the output with a
 * fixed random upstream gradient v, so φ(x) = Σ v ⊙ f(x) is a scalar, and compares
 * autograd's ∂φ/∂xᵢ (gradients([f(x)], [x], [v])) with (φ(x + h·eᵢ) − φ(x − h·eᵢ)) / 2h.
 * The central difference has truncation error O(h²·φ''') and rounding error ~ε·|φ|/h; with
 * h = 1e-6 in float64 both are ~1e-10 for the O(1) inputs used here, far below the 1e-6 tolerance.
 */
import assert from 'node:assert/strict';

import { Generator, gradients, rand, randn, type Tensor, tensor } from '../../src/core/index.js';

/** Tolerances: |autograd − numeric| ≤ ATOL + RTOL·|numeric|. */
const ATOL = 1e-6;
const RTOL = 1e-5;
const STEP = 1e-6;

/** A float64 tensor from a flat list, in the given shape. */
export function f64(data: readonly number[], shape: readonly number[]): Tensor {
  return tensor(new Float64Array(data), { shape: [...shape], dtype: 'float64' });
}

/** Standard normal float64 draws, scaled, from a seeded generator. */
export function randn64(shape: readonly number[], seed: number, scale = 1): Tensor {
  const values = randn(shape, { dtype: 'float64', generator: new Generator(seed) }).dataSync();
  return f64(Array.from(values, (v) => v * scale), shape);
}

/** Uniform float64 draws in [lo, hi), from a seeded generator. */
export function uniform64(shape: readonly number[], seed: number, lo: number, hi: number): Tensor {
  const values = rand(shape, { dtype: 'float64', generator: new Generator(seed) }).dataSync();
  return f64(Array.from(values, (u) => lo + (hi - lo) * u), shape);
}

function contract(out: Tensor, v: Float64Array | null): number {
  const data = out.dataSync();
  let total = 0;
  for (let i = 0; i < data.length; i++) total += data[i]! * (v === null ? 1 : v[i]!);
  return total;
}

/**
 * Checks autograd's gradient of `fn` at `x` against central differences.
 *
 * @param fn The function of x (a float64 tensor) to check.
 * @param x The point, float64.
 * @param what Label for failure messages.
 * @throws AssertionError listing the first mismatching elements.
 * @example
 * checkGradient((x) => mseLoss(x, y), randn64([3, 4], 1), 'mseLoss mean');
 */
export function checkGradient(fn: (x: Tensor) => Tensor, x: Tensor, what: string): void {
  assert.equal(x.dtype, 'float64', `${what}: check gradients in float64`);
  const leaf = x.detach().requiresGrad_(true);
  const out = fn(leaf);
  assert.equal(out.dtype, 'float64', `${what}: output must stay float64`);
  const upstream = out.size === 1 && out.rank === 0 ? null : randn64(out.shape, 7919, 1);
  const v = upstream === null ? null : (upstream.dataSync() as Float64Array);
  const [analytic] = gradients([out], [leaf], upstream === null ? undefined : [upstream]);
  assert.ok(analytic !== null && analytic !== undefined, `${what}: output does not depend on x`);
  const a = analytic.dataSync();
  const base = Array.from(x.dataSync());
  const bad: string[] = [];
  for (let i = 0; i < base.length; i++) {
    const plus = [...base];
    const minus = [...base];
    plus[i]! += STEP;
    minus[i]! -= STEP;
    const numeric = (contract(fn(f64(plus, x.shape)), v) - contract(fn(f64(minus, x.shape)), v)) / (2 * STEP);
    const got = a[i]!;
    if (!(Math.abs(got - numeric) <= ATOL + RTOL * Math.abs(numeric))) bad.push(`[${i}] autograd ${got}, numeric ${numeric}`);
  }
  assert.ok(bad.length === 0, `${what}: ${bad.length} of ${base.length} gradients differ:\n  ${bad.slice(0, 8).join('\n  ')}`);
}
