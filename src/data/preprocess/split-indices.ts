/**
 * Train / validation / test split of row indices, seeded, optionally stratified or grouped.
 *
 * - **Sizes**: test = ⌈test · n⌉ and validation = ⌈validation · n⌉ rows (rounded up, as
 *   scikit-learn's `train_test_split` rounds the test size); the rest is training.
 * - **Stratified** (`stratify`: one label per row): each class is split on its own, its test and
 *   validation counts apportioned by largest remainder (scikit-learn's `_approximate_mode`), so
 *   every class's count in each split is within 1 of its exact share.
 * - **Grouped** (`groups`: one group id per row, e.g. a customer or a patient): whole groups go to
 *   one split, so no group straddles train and test. The fractions count groups, as scikit-learn's
 *   `GroupShuffleSplit`: ⌈test · G⌉ groups for test.
 *
 * Each split's indices are returned in ascending row order. Orders come from
 * {@link seededPermutation}, so the same seed gives the same split everywhere; scikit-learn's
 * NumPy generator differs, so the rows chosen differ from scikit-learn's (the sizes do not).
 */
import { DataError, ValueError } from '../../core/index.js';
import { seededPermutation, splitGenerator } from './seeded-permutation.js';

/** A label or group id of one row; null (missing) is refused. */
export type SplitKey = string | number | boolean | null;

/** Options of {@link splitIndices}. */
export interface SplitIndicesOptions {
  /** Fraction of rows (of groups when grouped) for validation, in [0, 1) (default 0.15). */
  readonly validation?: number;
  /** Fraction of rows (of groups when grouped) for test, in [0, 1) (default 0.15). */
  readonly test?: number;
  /** Seed of the shuffle (default 0). */
  readonly seed?: number;
  /** One class label per row: split each class in proportion. */
  readonly stratify?: readonly SplitKey[];
  /** One group id per row: keep each group within one split. */
  readonly groups?: readonly SplitKey[];
}

/** Row indices of each split, ascending. */
export interface SplitIndices {
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly test: Int32Array;
}

/**
 * Splits n rows into train, validation and test.
 *
 * @param n Number of rows.
 * @throws ValueError for fractions outside [0, 1) or summing to 1 or more, an empty training
 *   split, stratify together with groups, or label arrays of the wrong length; DataError for a
 *   missing label or group.
 * @example
 * const { train, validation, test } = splitIndices(1000, { validation: 0.15, test: 0.15, seed: 7, stratify: labels });
 */
export function splitIndices(n: number, options: SplitIndicesOptions = {}): SplitIndices {
  const valFraction = options.validation ?? 0.15;
  const testFraction = options.test ?? 0.15;
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`splitIndices: n must be a positive integer, got ${n}`);
  for (const [name, f] of [['validation', valFraction], ['test', testFraction]] as const) {
    if (!(f >= 0 && f < 1)) throw new ValueError(`splitIndices: ${name} must be a fraction in [0, 1), got ${f}`);
  }
  if (valFraction + testFraction >= 1) throw new ValueError(`splitIndices: validation + test must be below 1, got ${valFraction} + ${testFraction}`);
  if (options.stratify !== undefined && options.groups !== undefined) throw new ValueError('splitIndices: pass stratify or groups, not both');
  const generator = splitGenerator(options.seed ?? 0);
  const assignment = new Int8Array(n); // 0 train, 1 validation, 2 test

  if (options.groups !== undefined) {
    const groups = keyCodes('groups', options.groups, n);
    const order = seededPermutation(groups.count, generator);
    const nTest = Math.ceil(testFraction * groups.count);
    const nVal = Math.ceil(valFraction * groups.count);
    if (nTest + nVal >= groups.count) throw new ValueError(`splitIndices: ${groups.count} groups leave none for training after ${nTest} test and ${nVal} validation groups`);
    const splitOfGroup = new Int8Array(groups.count);
    order.forEach((g, rank) => (splitOfGroup[g] = rank < nTest ? 2 : rank < nTest + nVal ? 1 : 0));
    for (let i = 0; i < n; i++) assignment[i] = splitOfGroup[groups.codes[i]!]!;
  } else {
    const nTest = Math.ceil(testFraction * n);
    const nVal = Math.ceil(valFraction * n);
    if (nTest + nVal >= n) throw new ValueError(`splitIndices: ${n} rows leave none for training after ${nTest} test and ${nVal} validation rows`);
    const classes = options.stratify === undefined ? { codes: new Int32Array(n), count: 1 } : keyCodes('stratify', options.stratify, n);
    const members: number[][] = Array.from({ length: classes.count }, () => []);
    for (let i = 0; i < n; i++) members[classes.codes[i]!]!.push(i);
    const sizes = members.map((m) => m.length);
    const testCounts = apportion(sizes, nTest, sizes);
    const valCounts = apportion(sizes, nVal, sizes.map((s, c) => s - testCounts[c]!));
    members.forEach((rows, c) => {
      const order = seededPermutation(rows.length, generator);
      order.forEach((k, rank) => (assignment[rows[k]!] = rank < testCounts[c]! ? 2 : rank < testCounts[c]! + valCounts[c]! ? 1 : 0));
    });
  }
  const pick = (split: number): Int32Array => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) if (assignment[i] === split) out.push(i);
    return Int32Array.from(out);
  };
  return { train: pick(0), validation: pick(1), test: pick(2) };
}

/**
 * Dense codes 0 … count−1 for keys, in order of first appearance.
 *
 * @throws ValueError for a wrong length; DataError for a missing key.
 */
export function keyCodes(name: string, keys: readonly SplitKey[], n: number): { codes: Int32Array; count: number; keys: SplitKey[] } {
  if (keys.length !== n) throw new ValueError(`${name}: expected ${n} entries (one per row), got ${keys.length}`);
  const index = new Map<string, number>();
  const distinct: SplitKey[] = [];
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    if (key === null || (typeof key === 'number' && Number.isNaN(key))) throw new DataError(`${name}: row ${i} is missing; drop rows without a ${name === 'groups' ? 'group' : 'label'} first`);
    const id = `${typeof key}:${String(key)}`;
    let code = index.get(id);
    if (code === undefined) {
      code = distinct.length;
      index.set(id, code);
      distinct.push(key);
    }
    codes[i] = code;
  }
  return { codes, count: distinct.length, keys: distinct };
}

/**
 * Splits `total` over classes in proportion to `sizes` by largest remainder, never giving a class
 * more than its cap: each share is ⌊size · total / n⌋ plus one for the largest fractional parts
 * (ties to the larger class, then the earlier), so it lies within 1 of the exact share.
 */
function apportion(sizes: readonly number[], total: number, caps: readonly number[]): number[] {
  const n = sizes.reduce((a, b) => a + b, 0);
  const exact = sizes.map((s) => (s * total) / n);
  const counts = exact.map((e, c) => Math.min(Math.floor(e), caps[c]!));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = sizes.map((_, c) => c).sort((a, b) => exact[b]! - counts[b]! - (exact[a]! - counts[a]!) || sizes[b]! - sizes[a]! || a - b);
  // First pass: one extra each to the largest remainders; later passes only when caps bind.
  while (left > 0) {
    let given = false;
    for (const c of order) {
      if (left === 0) break;
      if (counts[c]! < caps[c]!) {
        counts[c]!++;
        left--;
        given = true;
      }
    }
    if (!given) break;
  }
  return counts;
}
