/**
 * k-fold cross-validation folds, as scikit-learn's `KFold` and `GroupKFold`:
 *
 * - **Plain**: rows (shuffled by `seed` when `shuffle` is set, else in order) are cut into k
 *   consecutive folds; the first n mod k folds hold ⌊n/k⌋ + 1 rows, the others ⌊n/k⌋. Unshuffled,
 *   the folds are exactly scikit-learn's.
 * - **Grouped** (`groups`): whole groups go to one fold. Groups are taken largest first (ties in
 *   order of first appearance, or in a seeded random order with `shuffle`) and each goes to the
 *   fold with the fewest rows so far (the lowest index on ties), as `GroupKFold` balances them.
 *
 * Fold j's validation rows are the j-th fold; its training rows are all others. Both are ascending.
 */
import { ValueError } from '../../core/index.js';
import { keyCodes, type SplitKey } from './split-indices.js';
import { seededPermutation, splitGenerator } from './seeded-permutation.js';

/** One fold: training and validation row indices, ascending. */
export interface Fold {
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

/** Options of {@link kFold}. */
export interface KFoldOptions {
  /** Number of folds, at least 2 (default 5). */
  readonly k?: number;
  /** Shuffle rows (or group ties) before assigning folds (default false). */
  readonly shuffle?: boolean;
  /** Seed of the shuffle (default 0). */
  readonly seed?: number;
  /** One group id per row: keep each group within one fold. */
  readonly groups?: readonly SplitKey[];
}

/**
 * The k folds of n rows.
 *
 * @throws ValueError for k < 2, k > n (or more folds than groups), or groups of the wrong length;
 *   DataError for a missing group id.
 * @example
 * for (const { train, validation } of kFold(table.rowCount, { k: 5, shuffle: true, seed: 0 })) { … }
 */
export function kFold(n: number, options: KFoldOptions = {}): Fold[] {
  const k = checkFolds('kFold', n, options.k ?? 5);
  const generator = splitGenerator(options.seed ?? 0);
  const foldOf = new Int32Array(n);
  if (options.groups !== undefined) {
    const groups = keyCodes('groups', options.groups, n);
    if (groups.count < k) throw new ValueError(`kFold: k = ${k} folds need at least ${k} groups, got ${groups.count}`);
    const sizes = new Int32Array(groups.count);
    for (const g of groups.codes) sizes[g]!++;
    const tieOrder = options.shuffle === true ? seededPermutation(groups.count, generator) : Int32Array.from({ length: groups.count }, (_, g) => g);
    const rank = new Int32Array(groups.count);
    tieOrder.forEach((g, r) => (rank[g] = r));
    const byOrder = Array.from(tieOrder).sort((a, b) => sizes[b]! - sizes[a]! || rank[a]! - rank[b]!);
    const load = new Int32Array(k);
    const foldOfGroup = new Int32Array(groups.count);
    for (const g of byOrder) {
      let lightest = 0;
      for (let f = 1; f < k; f++) if (load[f]! < load[lightest]!) lightest = f;
      foldOfGroup[g] = lightest;
      load[lightest]! += sizes[g]!;
    }
    for (let i = 0; i < n; i++) foldOf[i] = foldOfGroup[groups.codes[i]!]!;
  } else {
    const order = options.shuffle === true ? seededPermutation(n, generator) : Int32Array.from({ length: n }, (_, i) => i);
    let start = 0;
    for (let f = 0; f < k; f++) {
      const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
      for (let r = start; r < start + size; r++) foldOf[order[r]!] = f;
      start += size;
    }
  }
  return foldsFromAssignment(foldOf, k);
}

/**
 * Checks a fold count against the row count.
 *
 * @throws ValueError for k not an integer ≥ 2 or k > n.
 */
export function checkFolds(op: string, n: number, k: number): number {
  if (!Number.isInteger(k) || k < 2) throw new ValueError(`${op}: k must be an integer >= 2, got ${k}`);
  if (!Number.isInteger(n) || k > n) throw new ValueError(`${op}: k = ${k} folds need at least ${k} rows, got ${n}`);
  return k;
}

/**
 * The folds of a fold-per-row assignment.
 *
 * @example
 * foldsFromAssignment(Int32Array.of(0, 1, 0, 1), 2); // [{ train: [1, 3], validation: [0, 2] }, …]
 */
export function foldsFromAssignment(foldOf: Int32Array, k: number): Fold[] {
  return Array.from({ length: k }, (_, f) => {
    const train: number[] = [];
    const validation: number[] = [];
    foldOf.forEach((g, i) => (g === f ? validation : train).push(i));
    return { train: Int32Array.from(train), validation: Int32Array.from(validation) };
  });
}
