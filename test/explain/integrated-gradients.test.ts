/**
 * Integrated gradients: completeness (Σ attributions = f(x) − f(baseline)) within 1 % on a small
 * MLP and a small CNN, the integration rules, baselines, and argument errors.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { full, ShapeError, tensor, ValueError } from '../../src/core/index.js';
import { integratedGradients, integrationPoints } from '../../src/explain/index.js';
import { smallCnn, smallMlp, uniform } from './helpers.js';

describe('integratedGradients', () => {
  test('attributions of a small MLP sum to f(x) − f(baseline) within 1 %', () => {
    const model = smallMlp(1);
    const x = tensor([0.9, -1.2, 0.4, 2.0]);
    for (const target of [0, 1, 2]) {
      const ig = integratedGradients(model, x, { target, steps: 50 });
      const delta = ig.output - ig.baselineOutput;
      const sum = ig.values.reduce((s, v) => s + v, 0);
      assert.ok(Math.abs(delta) > 1e-3, 'the check needs a change to explain');
      assert.ok(Math.abs(sum - delta) <= 0.01 * Math.abs(delta), `target ${target}: Σ ${sum} vs Δ ${delta}`);
      assert.ok(Math.abs(ig.completenessGap - (sum - delta)) < 1e-9);
      assert.ok(ig.relativeGap <= 0.01);
    }
  });

  test('attributions of a small CNN sum to f(x) − f(baseline) within 1 %, also on softmax probabilities', () => {
    const model = smallCnn(2);
    const x = uniform([1, 8, 8], 3);
    for (const probabilities of [false, true]) {
      const ig = integratedGradients(model, x, { steps: 200, probabilities, baseline: 0 });
      const delta = ig.output - ig.baselineOutput;
      assert.equal(ig.values.length, 64);
      assert.deepEqual(ig.shape, [1, 8, 8]);
      assert.ok(Math.abs(delta) > 1e-3);
      assert.ok(ig.relativeGap <= 0.01, `probabilities=${probabilities}: relative gap ${ig.relativeGap}`);
    }
  });

  test('a finer integral shrinks the gap; all rules converge to the same attributions', () => {
    const model = smallMlp(4);
    const x = tensor([2, -2, 1.5, -0.5]);
    const coarse = integratedGradients(model, x, { target: 0, steps: 2, rule: 'riemann-left' });
    const fine = integratedGradients(model, x, { target: 0, steps: 400, rule: 'riemann-left' });
    assert.ok(Math.abs(fine.completenessGap) < Math.abs(coarse.completenessGap));
    const reference = integratedGradients(model, x, { target: 0, steps: 400, rule: 'trapezoid' });
    for (const rule of ['riemann-right', 'riemann-middle'] as const) {
      const other = integratedGradients(model, x, { target: 0, steps: 400, rule });
      other.values.forEach((v, i) => assert.ok(Math.abs(v - reference.values[i]!) < 5e-3, `${rule} feature ${i}`));
    }
  });

  test('a tensor baseline is used, and an input equal to the baseline gets zero attributions', () => {
    const model = smallMlp(5);
    const x = tensor([0.3, 0.1, -0.7, 1]);
    const same = integratedGradients(model, x, { baseline: x, target: 1 });
    assert.ok(same.values.every((v) => v === 0));
    assert.equal(same.output, same.baselineOutput);
    const shifted = integratedGradients(model, x, { baseline: full([4], 0.5), target: 1, steps: 100 });
    assert.ok(shifted.relativeGap < 0.01);
  });

  test('integration points: weights sum to 1 for every rule', () => {
    for (const rule of ['riemann-left', 'riemann-right', 'riemann-middle', 'trapezoid'] as const) {
      const { alphas, weights } = integrationPoints(rule, 7);
      assert.equal(alphas.length, weights.length);
      assert.ok(Math.abs(weights.reduce((s, w) => s + w, 0) - 1) < 1e-12, rule);
    }
  });

  test('bad arguments throw typed errors naming them', () => {
    const model = smallMlp();
    assert.throws(() => integratedGradients(model, tensor([1, 2, 3, 4]), { steps: 0 }), (e: unknown) => e instanceof ValueError && /steps must be a positive integer, got 0/.test(e.message));
    assert.throws(() => integratedGradients(model, tensor([1, 2, 3, 4]), { baseline: tensor([1, 2]) }), (e: unknown) => e instanceof ShapeError && /baseline must have the input's shape \[4\], got \[2\]/.test(e.message));
    assert.throws(() => integratedGradients(model, tensor([1, 2, 3, 4]), { target: 3 }), (e: unknown) => e instanceof ValueError && /target must be an output column in 0 … 2, got 3/.test(e.message));
    assert.throws(() => integratedGradients(model, tensor([1, 2, 3, 4]), { rule: 'simpson' as never }), /rule must be/);
  });
});
