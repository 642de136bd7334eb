/**
 * The CART tree on rules it can represent exactly, and the global surrogate of a network trained
 * on a simple rule: the tree must imitate the network on held-out rows (high fidelity).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator, noGrad, rand, ShapeError, tensor, ValueError } from '../../src/core/index.js';
import { DecisionTree, globalSurrogate } from '../../src/explain/index.js';
import { Linear, ReLU, Sequential } from '../../src/nn/index.js';
import { labels, train } from './helpers.js';

describe('DecisionTree (CART)', () => {
  test('learns an axis-aligned rule exactly, with midpoint thresholds', () => {
    // class = x0 > 0.5 and x1 <= 0.3
    const n = 400;
    const x = rand([n * 3], { generator: new Generator(1) }).dataSync();
    const y = Float64Array.from({ length: n }, (_, i) => (x[i * 3]! > 0.5 && x[i * 3 + 1]! <= 0.3 ? 1 : 0));
    const tree = DecisionTree.fit(x, 3, y, { task: 'classification', maxDepth: 3, minSamplesLeaf: 1 });
    const predicted = tree.predict(x);
    assert.deepEqual([...predicted], [...y], 'a depth-2 rule fits exactly');
    assert.ok(tree.depth <= 3);
    assert.ok(Math.abs(tree.predictRow([0.9, 0.1, 0.5]) - 1) < 1e-12);
    assert.equal(tree.predictRow([0.1, 0.1, 0.5]), 0);
    const root = tree.root;
    assert.equal(root.kind, 'split');
    const text = tree.toText(['a', 'b', 'c'], (v) => (v === 1 ? 'yes' : 'no'));
    assert.match(text, /^if [ab] <= 0\.[0-9]+:/);
    assert.match(text, /→ yes/);
  });

  test('regression leaves hold means; depth and leaf size are respected', () => {
    const x = Float64Array.from({ length: 100 }, (_, i) => i);
    const y = Float64Array.from({ length: 100 }, (_, i) => (i < 30 ? 1 : i < 70 ? 5 : 9));
    const tree = DecisionTree.fit(x, 1, y, { task: 'regression', maxDepth: 2, minSamplesLeaf: 10 });
    assert.equal(tree.leafCount, 3);
    assert.equal(tree.predictRow([10]), 1);
    assert.equal(tree.predictRow([50]), 5);
    assert.equal(tree.predictRow([99]), 9);
    const stump = DecisionTree.fit(x, 1, y, { task: 'regression', maxDepth: 0 });
    assert.equal(stump.leafCount, 1);
    assert.ok(Math.abs(stump.predictRow([0]) - 5) < 1e-12);
    const big = DecisionTree.fit(x, 1, y, { task: 'regression', maxDepth: 8, minSamplesLeaf: 40 });
    assert.equal(big.leafCount, 2, 'no leaf may have fewer than 40 rows');
  });

  test('bad arguments throw typed errors', () => {
    assert.throws(() => DecisionTree.fit([1, 2, 3], 2, [0, 1], { task: 'classification' }), (e: unknown) => e instanceof ValueError && /x must hold N·F = 2·2 values/.test(e.message));
    assert.throws(() => DecisionTree.fit([1, 2], 1, [0, 0.5], { task: 'classification' }), /class indices >= 0, got 0.5 at row 1/);
    assert.throws(() => DecisionTree.fit([1, NaN], 1, [0, 1], { task: 'regression' }), /must not contain NaN \(row 1\)/);
  });
});

describe('globalSurrogate', () => {
  test('a depth-3 tree imitates a network trained on a simple rule with ≥ 95 % fidelity on held-out rows', async () => {
    const rule = (r: Float32Array): number => (r[0]! > 0.5 && r[2]! < 0.4 ? 1 : 0);
    const xTrain = rand([800, 4], { generator: new Generator(2) });
    const g = new Generator(0);
    const module = new Sequential(new Linear(4, 32, { generator: g }), new ReLU(), new Linear(32, 2, { generator: g }));
    const model = await train(module, xTrain, labels(xTrain, rule), 30, 0.02);
    const xFit = rand([600, 4], { generator: new Generator(3) });
    const xHeld = rand([400, 4], { generator: new Generator(4) });
    const result = globalSurrogate(model, xFit, xHeld, { maxDepth: 3, featureNames: ['a', 'b', 'c', 'd'], classNames: ['no', 'yes'] });
    assert.equal(result.task, 'classification');
    assert.ok(result.fidelity >= 0.95, `fidelity ${result.fidelity}`);
    assert.ok(result.trainFidelity >= 0.95);
    assert.match(result.rules, /if a <= 0\.[45]/);
    assert.doesNotMatch(result.rules, /\bb <=|\bd <=/, 'the rules use only the features the network uses');
  });

  test('a regression network is imitated in R²', () => {
    const model = new Linear(2, 1);
    noGrad(() => model.weight.assign_(tensor([[2, 0]])));
    const x = rand([300, 2], { generator: new Generator(5) });
    const result = globalSurrogate(model, x, rand([200, 2], { generator: new Generator(6) }), { maxDepth: 5 });
    assert.equal(result.task, 'regression');
    assert.ok(result.fidelity > 0.95, `R² ${result.fidelity}`);
  });

  test('inputs of different widths are refused', () => {
    assert.throws(() => globalSurrogate(new Linear(2, 1), rand([5, 2]), rand([5, 3])), (e: unknown) => e instanceof ShapeError && /the same F, got \[5, 2\] and \[5, 3\]/.test(e.message));
  });
});
