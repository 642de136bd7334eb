/**
 * Stratified k-fold, with scikit-learn's `StratifiedKFold` assignment:
 *
 * 1. classes are numbered in order of first appearance;
 * 2. the labels sorted by class are dealt round-robin to the k folds, and fold f takes of each
 *    class as many rows as the deal gave it — so each class's rows are spread as evenly as
 *    possible (⌊n_c/k⌋ or ⌈n_c/k⌉ per fold, within ±1) and fold sizes differ by at most 1 overall;
 * 3. each class's rows, in order (or in a seeded random order with `shuffle`), fill folds
 *   0, 1, …, k−1 with those counts.
 *
 * Unshuffled, the folds are exactly scikit-learn's (tested against fixtures); shuffled, the
 * counts are the same but the rows differ, because the random generators differ. A class with
 * fewer than k rows appears in fewer than k validation folds.
 */
import { checkFolds, foldsFromAssignment, type Fold } from './k-fold.js';
import { keyCodes, type SplitKey } from './split-indices.js';
import { seededPermutation, splitGenerator } from './seeded-permutation.js';

/** Options of {@link stratifiedKFold}. */
export interface StratifiedKFoldOptions {
  /** Number of folds, at least 2 (default 5). */
  readonly k?: number;
  /** Shuffle each class's rows before assigning folds (default false). */
  readonly shuffle?: boolean;
  /** Seed of the shuffle (default 0). */
  readonly seed?: number;
}

/**
 * The k stratified folds of rows with class `labels`.
 *
 * @throws ValueError for k < 2 or k > rows; DataError for a missing label.
 * @example
 * const folds = stratifiedKFold(labels, { k: 5, shuffle: true, seed: 0 });
 * folds[0].validation; // ~1/5 of each class
 */
export function stratifiedKFold(labels: readonly SplitKey[], options: StratifiedKFoldOptions = {}): Fold[] {
  const n = labels.length;
  const k = checkFolds('stratifiedKFold', n, options.k ?? 5);
  const classes = keyCodes('stratifiedKFold labels', labels, n);
  const counts = new Int32Array(classes.count);
  for (const c of classes.codes) counts[c]!++;
  // allocation[f][c] = how many of class c fall on fold f when the sorted labels are dealt round-robin.
  const allocation = Array.from({ length: k }, () => new Int32Array(classes.count));
  let position = 0;
  for (let c = 0; c < classes.count; c++) {
    for (let r = 0; r < counts[c]!; r++, position++) allocation[position % k]![c]!++;
  }
  const generator = splitGenerator(options.seed ?? 0);
  const members: number[][] = Array.from({ length: classes.count }, () => []);
  classes.codes.forEach((c, i) => members[c]!.push(i));
  const foldOf = new Int32Array(n);
  members.forEach((rows, c) => {
    const order = options.shuffle === true ? seededPermutation(rows.length, generator) : Int32Array.from({ length: rows.length }, (_, r) => r);
    let r = 0;
    for (let f = 0; f < k; f++) for (let m = 0; m < allocation[f]![c]!; m++) foldOf[rows[order[r++]!]!] = f;
  });
  return foldsFromAssignment(foldOf, k);
}
