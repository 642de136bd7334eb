/**
 * Knowledge distillation: the loss against a hand computation of Hinton et al.'s formula, its
 * gradient against central finite differences in float64 (and the closed form T·(p_s − p_t)/N of
 * the soft term), and the `distill` helper teaching a small student to imitate a teacher.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  argmax,
  distill,
  distillationLoss,
  Generator,
  Linear,
  Model,
  randn,
  ReLU,
  Sequential,
  ShapeError,
  tensor,
  ValueError,
} from '../../src/index.js';

const softmax = (row: readonly number[], t: number): number[] => {
  const m = Math.max(...row.map((v) => v / t));
  const e = row.map((v) => Math.exp(v / t - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

/** α·T²·mean_n KL(p_t ‖ p_s) + (1 − α)·mean_n −log softmax(s)_y, in plain doubles. */
function byHand(s: number[][], t: number[][], y: number[], temperature: number, alpha: number): number {
  let kl = 0;
  let ce = 0;
  s.forEach((row, n) => {
    const ps = softmax(row, temperature);
    const pt = softmax(t[n]!, temperature);
    kl += pt.reduce((acc, p, c) => acc + p * (Math.log(p) - Math.log(ps[c]!)), 0);
    ce += -Math.log(softmax(row, 1)[y[n]!]!);
  });
  return (alpha * temperature ** 2 * kl) / s.length + ((1 - alpha) * ce) / s.length;
}

const S = [[1.0, -0.5, 2.0], [0.3, 0.1, -1.2]];
const T = [[2.5, 0.0, 0.7], [-0.4, 1.9, 0.2]];
const Y = [2, 1];

describe('distillationLoss', () => {
  for (const [temperature, alpha] of [[1, 0.5], [2, 0.3], [4, 0.9], [3, 1], [5, 0]] as const) {
    test(`matches the hand computation for T = ${temperature}, α = ${alpha}`, () => {
      const loss = distillationLoss(tensor(S, { dtype: 'float64' }), tensor(T, { dtype: 'float64' }), tensor(Y, { dtype: 'int32' }), { temperature, alpha });
      assert.ok(Math.abs(loss.item() - byHand(S, T, Y, temperature, alpha)) < 1e-12, `${loss.item()} vs ${byHand(S, T, Y, temperature, alpha)}`);
    });
  }

  test('its gradient matches central finite differences (float64)', () => {
    const options = { temperature: 3, alpha: 0.7 };
    const s = tensor(S, { dtype: 'float64', requiresGrad: true });
    distillationLoss(s, tensor(T, { dtype: 'float64' }), tensor(Y, { dtype: 'int32' }), options).backward();
    const analytic = s.grad!.toArray() as number[][];
    const h = 1e-6;
    S.forEach((row, i) =>
      row.forEach((_, j) => {
        const plus = S.map((r) => [...r]);
        const minus = S.map((r) => [...r]);
        plus[i]![j]! += h;
        minus[i]![j]! -= h;
        const numeric = (byHand(plus, T, Y, 3, 0.7) - byHand(minus, T, Y, 3, 0.7)) / (2 * h);
        assert.ok(Math.abs(numeric - analytic[i]![j]!) < 1e-7, `d/ds[${i}][${j}]: ${analytic[i]![j]} vs ${numeric}`);
      }),
    );
  });

  test('with α = 1 the gradient is T·(p_s − p_t)/N and none reaches the teacher', () => {
    const s = tensor(S, { dtype: 'float64', requiresGrad: true });
    const t = tensor(T, { dtype: 'float64', requiresGrad: true });
    distillationLoss(s, t, tensor(Y, { dtype: 'int32' }), { temperature: 2, alpha: 1 }).backward();
    const g = s.grad!.toArray() as number[][];
    S.forEach((row, n) => {
      const ps = softmax(row, 2);
      const pt = softmax(T[n]!, 2);
      row.forEach((_, c) => assert.ok(Math.abs(g[n]![c]! - (2 * (ps[c]! - pt[c]!)) / 2) < 1e-12));
    });
    assert.equal(t.grad, null);
  });

  test('bad arguments are refused', () => {
    const s = tensor(S);
    const y = tensor(Y, { dtype: 'int32' });
    assert.throws(() => distillationLoss(s, tensor([[1, 2]]), y), ShapeError);
    assert.throws(() => distillationLoss(s, tensor(T), y, { temperature: 0 }), /temperature must be/);
    assert.throws(() => distillationLoss(s, tensor(T), y, { alpha: 1.5 }), /alpha must be/);
  });
});

describe('distill', () => {
  test('a 4-unit student learns to imitate a trained 64-unit teacher; the teacher is unchanged', async () => {
    const g = new Generator(0);
    // Three classes separated by two directions in 10-d: learnable, not linearly trivial.
    const x = randn([600, 10], { generator: g });
    const score = x.narrow(1, 0, 1).sub(x.narrow(1, 1, 1).mul(0.5)).reshape([-1]);
    const y = score.gt(0.5).cast('int32').add(score.gt(-0.5).cast('int32'));
    const teacher = new Model(new Sequential(new Linear(10, 64, { generator: g }), new ReLU(), new Linear(64, 3, { generator: g })));
    teacher.compile({ optimizer: 'adam', learningRate: 0.01, loss: 'crossEntropy', metrics: ['accuracy'] });
    await teacher.fit(x, y, { epochs: 15, batchSize: 32, verbose: 0 });
    const teacherWeights = teacher.module.stateDict().get('0.weight')!.clone();

    const student = new Model(new Sequential(new Linear(10, 4, { generator: g }), new ReLU(), new Linear(4, 3, { generator: g })));
    const history = await distill(teacher, student, x, y, { epochs: 15, batchSize: 32, learningRate: 0.01, temperature: 2, alpha: 0.7, verbose: 0, validationData: [x, y] });
    const losses = history.history['loss']!;
    assert.ok(losses[losses.length - 1]! < losses[0]!, `loss ${losses[0]} → ${losses[losses.length - 1]}`);
    assert.ok(history.history['val_accuracy']!.length === 15);
    const agree = argmax(student.predict(x), 1).eq(argmax(teacher.predict(x), 1)).cast('float32').mean().item();
    assert.ok(agree >= 0.85, `student agrees with the teacher on ${agree}`);
    assert.deepEqual(teacher.module.stateDict().get('0.weight')!.toArray(), teacherWeights.toArray());
    // Recompiled with named settings, so the student saves with its compile config.
    assert.equal(student.compileOptions?.loss, 'crossEntropy');
    await assert.rejects(() => distill(teacher, student, x, y.cast('float32')), ValueError);
  });
});
