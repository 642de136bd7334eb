/**
 * Property tests of the splits and folds (scikit-learn's shuffles are not reproduced, since the
 * random generators differ): sizes, disjointness and coverage, class proportions within ±1, group
 * separation, and determinism for a seed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { categoricalColumn, DataError, kFold, numericColumn, splitIndices, splitTable, stratifiedKFold, Table, ValueError, type Fold } from '../../../src/index.js';

/** A small deterministic pseudo-random source for generating test inputs (not the split RNG). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const randomLabels = (n: number, classes: number, seed: number): string[] => {
  const r = lcg(seed);
  // Skewed class sizes: class c drawn with weight c + 1.
  const total = (classes * (classes + 1)) / 2;
  return Array.from({ length: n }, () => {
    let u = r() * total;
    for (let c = 0; c < classes; c++) {
      u -= c + 1;
      if (u < 0) return `c${c}`;
    }
    return `c${classes - 1}`;
  });
};

const count = (labels: readonly string[], rows: ArrayLike<number>): Map<string, number> => {
  const m = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) m.set(labels[rows[i]!]!, (m.get(labels[rows[i]!]!) ?? 0) + 1);
  return m;
};

function assertPartition(n: number, parts: readonly ArrayLike<number>[]): void {
  const seen = new Uint8Array(n);
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      assert.equal(seen[part[i]!], 0, `row ${part[i]} appears twice`);
      seen[part[i]!] = 1;
      if (i > 0) assert.ok(part[i]! > part[i - 1]!, 'indices ascend');
    }
  }
  assert.ok(seen.every((s) => s === 1), 'every row is in one part');
}

function assertFolds(n: number, folds: readonly Fold[]): void {
  assertPartition(n, folds.map((f) => f.validation));
  for (const f of folds) assertPartition(n, [f.train, f.validation]);
}

describe('splitIndices', () => {
  test('sizes are ⌈fraction · n⌉, the parts partition the rows, and a seed fixes the split', () => {
    for (const n of [10, 97, 1000]) {
      const s = splitIndices(n, { validation: 0.15, test: 0.2, seed: 3 });
      assert.equal(s.test.length, Math.ceil(0.2 * n));
      assert.equal(s.validation.length, Math.ceil(0.15 * n));
      assertPartition(n, [s.train, s.validation, s.test]);
      assert.deepEqual(splitIndices(n, { validation: 0.15, test: 0.2, seed: 3 }), s);
    }
    assert.notDeepEqual(splitIndices(100, { seed: 1 }).test, splitIndices(100, { seed: 2 }).test);
  });

  test('stratified: every class in every split is within 1 of its exact share', () => {
    for (const seed of [0, 1, 2, 3]) {
      const n = 503;
      const labels = randomLabels(n, 4, seed);
      const s = splitIndices(n, { validation: 0.15, test: 0.15, seed, stratify: labels });
      assertPartition(n, [s.train, s.validation, s.test]);
      const totals = count(labels, Array.from({ length: n }, (_, i) => i));
      for (const [part, fraction] of [[s.test, s.test.length / n], [s.validation, s.validation.length / n]] as const) {
        const got = count(labels, part);
        for (const [label, total] of totals) assert.ok(Math.abs((got.get(label) ?? 0) - total * fraction) < 1, `${label}: ${got.get(label)} vs ${total * fraction}`);
      }
    }
  });

  test('grouped: no group straddles two splits; fractions count groups', () => {
    const n = 300;
    const r = lcg(9);
    const groups = Array.from({ length: n }, () => `user${Math.floor(r() * 40)}`);
    const s = splitIndices(n, { validation: 0.2, test: 0.2, seed: 5, groups });
    assertPartition(n, [s.train, s.validation, s.test]);
    const groupsOf = (rows: Int32Array): Set<string> => new Set(Array.from(rows, (i) => groups[i]!));
    const [tr, va, te] = [groupsOf(s.train), groupsOf(s.validation), groupsOf(s.test)];
    for (const g of te) assert.ok(!tr.has(g) && !va.has(g), `group ${g} straddles`);
    for (const g of va) assert.ok(!tr.has(g), `group ${g} straddles`);
    const distinct = new Set(groups).size;
    assert.equal(te.size, Math.ceil(0.2 * distinct));
  });

  test('bad fractions, missing labels and conflicting options are clear errors', () => {
    assert.throws(() => splitIndices(10, { validation: 0.5, test: 0.5 }), /validation \+ test must be below 1/);
    assert.throws(() => splitIndices(10, { test: 1.5 }), ValueError);
    assert.throws(() => splitIndices(3, { validation: 0.4, test: 0.4 }), /leave none for training/);
    assert.throws(() => splitIndices(4, { validation: 0, test: 0.25, stratify: ['a', null, 'a', 'b'] }), (e) => e instanceof DataError && /row 1 is missing/.test(e.message));
    assert.throws(() => splitIndices(4, { validation: 0, test: 0.25, stratify: ['a'] }), /expected 4 entries/);
    assert.throws(() => splitIndices(4, { stratify: ['a', 'b', 'a', 'b'], groups: ['x', 'y', 'x', 'y'] }), /not both/);
  });

  test('splitTable takes labels from a column and returns the three tables', () => {
    const labels = randomLabels(200, 3, 4);
    const t = Table.fromColumns([numericColumn('x', labels.map((_, i) => i)), categoricalColumn('y', labels)]);
    const { train, validation, test: testTable, indices } = splitTable(t, { stratify: 'y', seed: 1 });
    assert.equal(train.rowCount + validation.rowCount + testTable.rowCount, 200);
    assert.deepEqual(testTable.column('x'), numericColumn('x', Array.from(indices.test)));
    assert.throws(() => splitTable(t, { stratify: 'label' }), /no column 'label'/);
  });
});

describe('kFold', () => {
  test('fold sizes are ⌊n/k⌋ or ⌈n/k⌉ (larger first), folds partition the rows, seeds are deterministic', () => {
    for (const [n, k] of [[10, 3], [17, 5], [100, 10]] as const) {
      for (const shuffle of [false, true]) {
        const folds = kFold(n, { k, shuffle, seed: 11 });
        assertFolds(n, folds);
        assert.deepEqual(folds.map((f) => f.validation.length), Array.from({ length: k }, (_, f) => Math.floor(n / k) + (f < n % k ? 1 : 0)));
        assert.deepEqual(kFold(n, { k, shuffle, seed: 11 }), folds);
      }
    }
    assert.notDeepEqual(kFold(50, { shuffle: true, seed: 1 }), kFold(50, { shuffle: true, seed: 2 }));
  });

  test('grouped: each group in one fold; folds balanced by the largest-first rule', () => {
    const r = lcg(2);
    const groups = Array.from({ length: 120 }, () => `g${Math.floor(r() * 15)}`);
    for (const shuffle of [false, true]) {
      const folds = kFold(groups.length, { k: 4, groups, shuffle, seed: 3 });
      assertFolds(groups.length, folds);
      const foldOfGroup = new Map<string, number>();
      folds.forEach((f, i) => f.validation.forEach((row) => {
        const g = groups[row]!;
        assert.ok(!foldOfGroup.has(g) || foldOfGroup.get(g) === i, `group ${g} is in two folds`);
        foldOfGroup.set(g, i);
      }));
    }
    assert.throws(() => kFold(4, { k: 3, groups: ['a', 'a', 'b', 'b'] }), /need at least 3 groups/);
  });

  test('bad k is a ValueError', () => {
    assert.throws(() => kFold(10, { k: 1 }), /k must be an integer >= 2/);
    assert.throws(() => kFold(3, { k: 5 }), /need at least 5 rows/);
  });
});

describe('stratifiedKFold', () => {
  test('each class is spread within ±1 over folds; fold sizes differ by at most 1; deterministic per seed', () => {
    for (const seed of [0, 1, 2]) {
      for (const k of [2, 3, 5, 10]) {
        const labels = randomLabels(257, 5, seed);
        for (const shuffle of [false, true]) {
          const folds = stratifiedKFold(labels, { k, shuffle, seed });
          assertFolds(labels.length, folds);
          const sizes = folds.map((f) => f.validation.length);
          assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `fold sizes ${sizes}`);
          const totals = count(labels, Array.from({ length: labels.length }, (_, i) => i));
          for (const f of folds) {
            const got = count(labels, f.validation);
            for (const [label, total] of totals) assert.ok(Math.abs((got.get(label) ?? 0) - total / k) < 1, `${label}: ${got.get(label)} vs ${total / k}`);
          }
          assert.deepEqual(stratifiedKFold(labels, { k, shuffle, seed }), folds);
        }
      }
    }
  });

  test('shuffling changes rows but not counts', () => {
    const labels = randomLabels(100, 3, 7);
    const plain = stratifiedKFold(labels, { k: 4 });
    const shuffled = stratifiedKFold(labels, { k: 4, shuffle: true, seed: 1 });
    assert.notDeepEqual(plain, shuffled);
    plain.forEach((f, i) => assert.deepEqual(count(labels, f.validation), count(labels, shuffled[i]!.validation)));
  });
});
