/**
 * Permutation importance on synthetic data: the class depends on x0 strongly and x1 weakly, x2–x4
 * are noise; a trained MLP's importances must rank x0 > x1 > every noise feature, and the seed must
 * fix the result.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator, noGrad, randn, ShapeError, tensor, ValueError } from '../../src/core/index.js';
import { permutationImportance } from '../../src/explain/index.js';
import { Linear, ReLU, Sequential } from '../../src/nn/index.js';
import { labels, train } from './helpers.js';

function data(n: number, seed: number): { x: ReturnType<typeof randn>; y: ReturnType<typeof tensor> } {
  const x = randn([n, 5], { generator: new Generator(seed) });
  return { x, y: labels(x, (r) => (2 * r[0]! + 0.6 * r[1]! > 0 ? 1 : 0)) };
}

describe('permutationImportance', () => {
  test('ranks the informative feature above the weak one and both above noise (seeded)', async () => {
    const g = new Generator(0);
    const module = new Sequential(new Linear(5, 16, { generator: g }), new ReLU(), new Linear(16, 2, { generator: g }));
    const trainSet = data(600, 1);
    const model = await train(module, trainSet.x, trainSet.y, 15, 0.02);
    const held = data(300, 2);
    const names = ['signal', 'weak', 'noise1', 'noise2', 'noise3'];
    const result = permutationImportance(model, held.x, held.y, { repeats: 5, seed: 7, featureNames: names });
    assert.equal(result.metric, 'accuracy');
    assert.ok(result.baselineScore > 0.9, `the model learned the rule (accuracy ${result.baselineScore})`);
    const [signal, weak, ...noise] = result.features;
    assert.equal(signal!.name, 'signal');
    assert.ok(signal!.mean > 0.2, `shuffling the signal costs accuracy (${signal!.mean})`);
    for (const n of noise) {
      assert.ok(weak!.mean > n.mean, `weak ${weak!.mean} > ${n.name} ${n.mean}`);
      assert.ok(Math.abs(n.mean) < 0.03, `${n.name} is unimportant (${n.mean})`);
    }
    assert.ok(signal!.mean > weak!.mean);
    assert.equal(signal!.drops.length, 5);
    const again = permutationImportance(model, held.x, held.y, { repeats: 5, seed: 7, featureNames: names });
    assert.deepEqual(again, result, 'the same seed gives the same shuffles');
    const other = permutationImportance(model, held.x, held.y, { repeats: 5, seed: 8, featureNames: names });
    assert.notDeepEqual(other.features[0]!.drops, result.features[0]!.drops);
  });

  test('groups shuffle columns together; regression uses R²', () => {
    // y = 3·x0 + x1, and the model is exactly that.
    const x = randn([200, 3], { generator: new Generator(3) });
    const rows = x.dataSync();
    const y = Float64Array.from({ length: 200 }, (_, i) => 3 * rows[i * 3]! + rows[i * 3 + 1]!);
    const model = new Linear(3, 1, { bias: false });
    noGrad(() => model.weight.assign_(tensor([[3, 1, 0]])));
    const result = permutationImportance(model, x, y, { groups: [{ name: 'x0+x1', columns: [0, 1] }, { name: 'x2', columns: [2] }], repeats: 3 });
    assert.equal(result.metric, 'r2');
    assert.ok(Math.abs(result.baselineScore - 1) < 1e-5);
    assert.ok(result.features[0]!.mean > 1, 'R² falls below 0 without the signal');
    assert.ok(Math.abs(result.features[1]!.mean) < 1e-6, 'a column the model ignores costs nothing');
  });

  test('bad arguments throw typed errors', () => {
    const model = new Linear(3, 2);
    const x = randn([10, 3]);
    const y = new Float64Array(10);
    assert.throws(() => permutationImportance(model, x, new Float64Array(9)), (e: unknown) => e instanceof ShapeError && /y must have 10 values/.test(e.message));
    assert.throws(() => permutationImportance(model, x, y, { featureNames: ['a'] }), (e: unknown) => e instanceof ValueError && /featureNames must have 3 names/.test(e.message));
    assert.throws(() => permutationImportance(model, x, y, { groups: [{ name: 'g', columns: [3] }] }), /group 'g' must list columns in 0 … 2/);
    assert.throws(() => permutationImportance(model, x, y, { metric: 'auc' as never }), /metric must be 'accuracy', 'r2', 'neg-mse' or a function/);
  });
});
