import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator, ValueError } from '../../src/index.js';
// Internal to tune/ (the public splits belong to data/); tested here because every search relies on them.
import { holdoutSplit } from '../../src/tune/holdout-split.js';
import { kFoldSplits } from '../../src/tune/k-fold-splits.js';

// 30 of class 0, 15 of class 1, 6 of class 2, interleaved.
const labels = Array.from({ length: 51 }, (_, i) => (i < 30 ? 0 : i < 45 ? 1 : 2)).sort((a, b) => ((a * 7) % 3) - ((b * 7) % 3));
const count = (indices: number[], c: number): number => indices.filter((i) => labels[i] === c).length;

describe('kFoldSplits', () => {
  test('validation folds partition the samples, sizes differ by at most one, and train is the rest', () => {
    const folds = kFoldSplits(23, 5, { generator: new Generator(3) });
    assert.equal(folds.length, 5);
    const all = folds.flatMap((f) => f.validation).sort((a, b) => a - b);
    assert.deepEqual(all, Array.from({ length: 23 }, (_, i) => i));
    const sizes = folds.map((f) => f.validation.length);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes ${sizes}`);
    for (const f of folds) {
      assert.equal(f.train.length + f.validation.length, 23);
      assert.ok(f.train.every((i) => !f.validation.includes(i)));
    }
  });

  test('stratified folds hold each class in its overall proportion (±1 sample)', () => {
    const folds = kFoldSplits(labels.length, 3, { labels, generator: new Generator(0) });
    for (const f of folds) {
      for (const [c, total] of [[0, 30], [1, 15], [2, 6]] as const) assert.ok(Math.abs(count(f.validation, c) - total / 3) <= 1, `class ${c}: ${count(f.validation, c)}`);
    }
  });

  test('the same generator seed gives the same folds; another seed, others', () => {
    const a = kFoldSplits(40, 4, { generator: new Generator(9) });
    assert.deepEqual(a, kFoldSplits(40, 4, { generator: new Generator(9) }));
    assert.notDeepEqual(a, kFoldSplits(40, 4, { generator: new Generator(10) }));
    assert.deepEqual(kFoldSplits(6, 3, { shuffle: false })[0]!.validation, [0, 3]);
  });

  test('refuses a bad k and labels of the wrong length', () => {
    assert.throws(() => kFoldSplits(10, 1), (e: unknown) => e instanceof ValueError && /k must be an integer in \[2, 10\]/.test(e.message));
    assert.throws(() => kFoldSplits(10, 11), /k must be an integer in \[2, 10\]/);
    assert.throws(() => kFoldSplits(10, 2, { labels: [0, 1] }), /labels must have one entry per sample \(10\), got 2/);
  });
});

describe('holdoutSplit', () => {
  test('holds out round(fraction · n) samples, stratified by class', () => {
    const { train, validation } = holdoutSplit(labels.length, 0.2, { labels, generator: new Generator(1) });
    assert.equal(validation.length, 10);
    assert.equal(train.length, 41);
    assert.deepEqual([...train, ...validation].sort((a, b) => a - b), Array.from({ length: 51 }, (_, i) => i));
    for (const [c, total] of [[0, 30], [1, 15], [2, 6]] as const) assert.ok(Math.abs(count(validation, c) - total * 0.2) <= 1, `class ${c}`);
  });

  test('refuses a fraction outside (0, 1)', () => {
    assert.throws(() => holdoutSplit(10, 1), /fraction must be in \(0, 1\), got 1/);
    assert.throws(() => holdoutSplit(10, 0), /fraction must be in \(0, 1\), got 0/);
  });
});
