/**
 * Gradient saliency, gradient × input and SmoothGrad on a linear model, where the answer is its
 * weights; plus target selection and evaluation mode.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator, noGrad, tensor, ValueError } from '../../src/core/index.js';
import { gradientTimesInput, saliency, smoothGrad } from '../../src/explain/index.js';
import { Dropout, Linear, Sequential, Tanh } from '../../src/nn/index.js';
import { Model } from '../../src/train/index.js';

function linear(seed: number): { model: Linear; w: Float32Array } {
  const model = new Linear(5, 3, { generator: new Generator(seed) });
  return { model, w: model.weight.dataSync() as Float32Array };
}

const close = (a: number, b: number, tol = 1e-5): boolean => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

describe('saliency of a linear model', () => {
  const { model, w } = linear(7);
  const x = tensor([0.5, -1, 2, 0.25, -3]);

  test('the signed gradient is the weight row of the target class; |gradient| its magnitude', () => {
    for (const target of [0, 1, 2]) {
      const signed = saliency(model, x, { target, absolute: false });
      signed.values.forEach((v, i) => assert.ok(close(v, w[target * 5 + i]!), `class ${target} feature ${i}: ${v} vs ${w[target * 5 + i]}`));
      const magnitude = saliency(model, x, { target });
      magnitude.values.forEach((v, i) => assert.ok(close(v, Math.abs(w[target * 5 + i]!))));
      assert.equal(signed.target, target);
    }
  });

  test('gradient × input is w ⊙ x', () => {
    const data = x.dataSync();
    const r = gradientTimesInput(model, x, { target: 1 });
    assert.equal(r.method, 'gradient-x-input');
    r.values.forEach((v, i) => assert.ok(close(v, w[5 + i]! * data[i]!)));
  });

  test('SmoothGrad of a linear model is its weights for any noise; seeded noise repeats', () => {
    const r = smoothGrad(model, x, { target: 2, samples: 16, noiseLevel: 0.3, seed: 3 });
    r.values.forEach((v, i) => assert.ok(close(v, w[10 + i]!, 1e-4)));
    const again = smoothGrad(model, x, { target: 2, samples: 16, noiseLevel: 0.3, seed: 3 });
    assert.deepEqual(again.values, r.values);
  });

  test('the default target is the predicted class and output is its logit', () => {
    const logits = noGrad(() => model.forward(x.unsqueeze(0))).dataSync();
    const best = logits.indexOf(Math.max(...logits));
    const r = saliency(model, x);
    assert.equal(r.target, best);
    assert.ok(close(r.output, logits[best]!));
  });
});

describe('saliency on networks', () => {
  test('SmoothGrad averages different gradients of a nonlinear model, and runs in eval mode', () => {
    const g = new Generator(1);
    const module = new Sequential(new Linear(3, 16, { generator: g }), new Dropout(0.9), new Tanh(), new Linear(16, 1, { generator: g }));
    const net = new Model(module);
    const x = tensor([0.2, -0.4, 1]);
    module.train();
    const a = saliency(net, x, { absolute: false });
    const b = saliency(net, x, { absolute: false });
    assert.deepEqual(a.values, b.values, 'dropout is off while explaining');
    assert.equal(module.training, true, 'the mode is restored');
    const smooth = smoothGrad(net, x, { samples: 32, noiseLevel: 0.5 });
    assert.ok(smooth.values.some((v, i) => Math.abs(v - a.values[i]!) > 1e-6), 'noise changes a nonlinear model\'s gradient');
  });

  test('bad inputs throw typed errors', () => {
    const { model } = linear(0);
    assert.throws(() => saliency(model, tensor(1)), (e: unknown) => e instanceof ValueError && /one non-empty example/.test(e.message));
    assert.throws(() => saliency(model, tensor([1, 2, 3, 4, 5], { dtype: 'int32' })), /must be float32 or float64, got int32/);
    assert.throws(() => smoothGrad(model, tensor([1, 2, 3, 4, 5]), { noiseLevel: -1 }), /noiseLevel must be a finite number >= 0/);
  });
});
