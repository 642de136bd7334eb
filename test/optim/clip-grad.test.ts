/**
 * clipGradNorm and clipGradValue against hand-computed values (PyTorch's rules: the scale is
 * min(1, maxNorm / (norm + 1e-6)), parameters without a gradient are skipped).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { type Tensor, tensor, ValueError } from '../../src/core/index.js';
import { clipGradNorm, clipGradValue } from '../../src/optim/index.js';

/** Parameters whose gradients are the given arrays (null: no gradient). */
function withGrads(...grads: (number[] | null)[]): Tensor[] {
  return grads.map((g) => {
    const p = tensor(g === null ? [0] : g.map(() => 0)).requiresGrad_();
    p.grad = g === null ? null : tensor(g);
    return p;
  });
}

const close = (actual: number, expected: number, tol = 1e-6): void =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `got ${actual}, expected ${expected}`);

const gradOf = (p: Tensor): number[] => p.grad!.toArray() as number[];

describe('clipGradNorm', () => {
  test('scales all gradients together to the 2-norm bound and returns the norm before clipping', () => {
    // ‖(3, 4, 12)‖₂ = 13; maxNorm 6.5 gives a scale of 6.5 / (13 + 1e-6).
    const params = withGrads([3, 4], [12]);
    const total = clipGradNorm(params, 6.5);
    assert.equal(total.rank, 0, 'a 0-d tensor, no read-back needed');
    close(total.item(), 13);
    const scale = 6.5 / (13 + 1e-6);
    gradOf(params[0]!).forEach((v, i) => close(v, [3, 4][i]! * scale));
    close(gradOf(params[1]!)[0]!, 12 * scale);
  });

  test('leaves gradients unchanged when the norm is within the bound', () => {
    const params = withGrads([3, 4], [12]);
    close(clipGradNorm(params, 100).item(), 13);
    assert.deepEqual(gradOf(params[0]!), [3, 4]);
    assert.deepEqual(gradOf(params[1]!), [12]);
  });

  test('supports the 1-norm, the ∞-norm and other p', () => {
    close(clipGradNorm(withGrads([3, -4], [12]), 100, 1).item(), 19);
    close(clipGradNorm(withGrads([3, -4], [-12]), 100, Infinity).item(), 12);
    close(clipGradNorm(withGrads([3, -4], [12]), 100, 3).item(), Math.cbrt(27 + 64 + 1728), 1e-5);
    const params = withGrads([1, -2]);
    clipGradNorm(params, 1, Infinity);
    gradOf(params[0]!).forEach((v, i) => close(v, [1, -2][i]! / (2 + 1e-6)));
  });

  test('skips parameters without a gradient and returns 0 when none has one', () => {
    const params = withGrads(null, [3, 4]);
    close(clipGradNorm(params, 1).item(), 5);
    assert.equal(params[0]!.grad, null);
    assert.equal(clipGradNorm(withGrads(null, null), 1).item(), 0);
  });

  test('accepts a single tensor', () => {
    const [p] = withGrads([6, 8]);
    close(clipGradNorm(p!, 5).item(), 10);
    close(Math.hypot(...gradOf(p!)), 5, 1e-5);
  });

  test('errorIfNonfinite throws on a NaN norm and leaves the gradients alone', () => {
    const params = withGrads([Number.NaN, 1]);
    assert.throws(() => clipGradNorm(params, 1, 2, true), /clipGradNorm: the total 2-norm of the gradients is NaN/);
    assert.equal(gradOf(params[0]!)[1], 1);
  });

  test('validates maxNorm and normType', () => {
    const params = withGrads([1]);
    assert.throws(() => clipGradNorm(params, -1), (e: unknown) => e instanceof ValueError && /maxNorm must be a non-negative finite number, got -1/.test(e.message));
    assert.throws(() => clipGradNorm(params, 1, 0), /normType must be a positive number or Infinity, got 0/);
    assert.throws(() => clipGradNorm(params, 1, Number.NaN), /normType must be a positive number or Infinity, got NaN/);
  });
});

describe('clipGradValue', () => {
  test('clamps every gradient element to [−clipValue, clipValue] and skips missing gradients', () => {
    const params = withGrads([-2, 0.1, 5], null, [0.5, -0.5]);
    clipGradValue(params, 1);
    assert.deepEqual(gradOf(params[0]!), [-1, Math.fround(0.1), 1]);
    assert.equal(params[1]!.grad, null);
    assert.deepEqual(gradOf(params[2]!), [0.5, -0.5]);
  });

  test('validates clipValue', () => {
    assert.throws(() => clipGradValue(withGrads([1]), -0.5), /clipGradValue: clipValue must be a non-negative finite number, got -0.5/);
  });
});
