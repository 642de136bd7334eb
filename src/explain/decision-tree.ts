/**
 * A CART decision tree (Breiman, Friedman, Olshen & Stone 1984): binary splits `feature ≤
 * threshold`, grown greedily by the largest impurity decrease — Gini for classification, squared
 * error for regression — with thresholds at midpoints between sorted distinct values, as
 * scikit-learn's DecisionTreeClassifier/Regressor. Small on purpose: it is here to be read, as the
 * global surrogate of a network, so depth and leaf size are the only controls.
 *
 * Shapes: x is row-major [N, F]; y is [N] class indices (classification) or numbers (regression).
 */
import { ValueError } from '../core/index.js';

/** Classification or regression. */
export type TreeTask = 'classification' | 'regression';

/** A leaf: the majority class or the mean target of its rows. */
export interface TreeLeaf {
  readonly kind: 'leaf';
  /** Class index (classification) or mean (regression). */
  readonly value: number;
  readonly samples: number;
}

/** An inner node: rows with x[feature] ≤ threshold go left. */
export interface TreeSplit {
  readonly kind: 'split';
  readonly feature: number;
  readonly threshold: number;
  readonly samples: number;
  readonly left: TreeNode;
  readonly right: TreeNode;
}

/** A node of a {@link DecisionTree}. */
export type TreeNode = TreeLeaf | TreeSplit;

/** Options of {@link DecisionTree.fit}. */
export interface DecisionTreeOptions {
  readonly task: TreeTask;
  /** Deepest split level (default 4: at most 16 leaves, still readable). */
  readonly maxDepth?: number;
  /** Fewest rows in a leaf (default 5). */
  readonly minSamplesLeaf?: number;
}

/**
 * A fitted CART tree.
 *
 * @example
 * const tree = DecisionTree.fit(x, 2, [0, 1], { task: 'classification', maxDepth: 3 }); // x = [a0, b0, a1, b1]
 * tree.predictRow([0.5, 1]);
 */
export class DecisionTree {
  private constructor(
    readonly root: TreeNode,
    readonly task: TreeTask,
    readonly featureCount: number,
  ) {}

  /**
   * Grows a tree.
   *
   * @param x Row-major features [N, F].
   * @param featureCount F.
   * @param y Targets [N].
   * @throws ValueError for mismatched sizes, non-integer class labels, NaN, or bad options.
   */
  static fit(x: ArrayLike<number>, featureCount: number, y: ArrayLike<number>, options: DecisionTreeOptions): DecisionTree {
    if (!Number.isInteger(featureCount) || featureCount < 1) throw new ValueError(`DecisionTree.fit: featureCount must be a positive integer, got ${featureCount}`);
    const n = y.length;
    if (n === 0 || x.length !== n * featureCount) throw new ValueError(`DecisionTree.fit: x must hold N·F = ${n}·${featureCount} values for ${n} targets, got ${x.length}`);
    const maxDepth = options.maxDepth ?? 4;
    const minLeaf = options.minSamplesLeaf ?? 5;
    if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new ValueError(`DecisionTree.fit: maxDepth must be an integer >= 0, got ${maxDepth}`);
    if (!Number.isInteger(minLeaf) || minLeaf < 1) throw new ValueError(`DecisionTree.fit: minSamplesLeaf must be a positive integer, got ${minLeaf}`);
    for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i])) throw new ValueError(`DecisionTree.fit: x must not contain NaN (row ${Math.floor(i / featureCount)})`);
    const classes = options.task === 'classification' ? classCount(y) : 0;
    const grower = new Grower(x, featureCount, y, options.task, classes, maxDepth, minLeaf);
    const root = grower.grow(Array.from({ length: n }, (_, i) => i), 0);
    return new DecisionTree(root, options.task, featureCount);
  }

  /** The prediction for one row of F features. */
  predictRow(row: ArrayLike<number>, offset = 0): number {
    let node = this.root;
    while (node.kind === 'split') node = row[offset + node.feature]! <= node.threshold ? node.left : node.right;
    return node.value;
  }

  /** Predictions for row-major [N, F] features. */
  predict(x: ArrayLike<number>): Float64Array {
    const n = Math.floor(x.length / this.featureCount);
    return Float64Array.from({ length: n }, (_, i) => this.predictRow(x, i * this.featureCount));
  }

  /** Depth of the deepest leaf (0 for a single leaf). */
  get depth(): number {
    const walk = (node: TreeNode): number => (node.kind === 'leaf' ? 0 : 1 + Math.max(walk(node.left), walk(node.right)));
    return walk(this.root);
  }

  /** Number of leaves (rules). */
  get leafCount(): number {
    const walk = (node: TreeNode): number => (node.kind === 'leaf' ? 1 : walk(node.left) + walk(node.right));
    return walk(this.root);
  }

  /**
   * The tree as indented if/else text.
   *
   * @param featureNames One name per feature (default x0, x1, …).
   * @param label Formats a leaf value (default: the number).
   * @param condition Words a split's two branches (default `name <= t` / `name > t`); callers that
   *   know how features were encoded can say `age <= 41` or `color is red` instead.
   */
  toText(
    featureNames?: readonly string[],
    label: (value: number) => string = (v) => String(Number(v.toPrecision(4))),
    condition?: (feature: number, threshold: number) => { readonly yes: string; readonly no: string },
  ): string {
    const name = (f: number): string => featureNames?.[f] ?? `x${f}`;
    const words = condition ?? ((f: number, threshold: number) => {
      const t = Number(threshold.toPrecision(4));
      return { yes: `${name(f)} <= ${t}`, no: `${name(f)} > ${t}` };
    });
    const lines: string[] = [];
    const walk = (node: TreeNode, indent: string): void => {
      if (node.kind === 'leaf') {
        lines.push(`${indent}→ ${label(node.value)}  (${node.samples} rows)`);
        return;
      }
      const { yes, no } = words(node.feature, node.threshold);
      lines.push(`${indent}if ${yes}:`);
      walk(node.left, `${indent}  `);
      lines.push(`${indent}else:  # ${no}`);
      walk(node.right, `${indent}  `);
    };
    walk(this.root, '');
    return lines.join('\n');
  }
}

function classCount(y: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < y.length; i++) {
    const c = y[i]!;
    if (!Number.isInteger(c) || c < 0) throw new ValueError(`DecisionTree.fit: classification targets must be class indices >= 0, got ${c} at row ${i}`);
    max = Math.max(max, c);
  }
  return max + 1;
}

/** The recursive growing, with the training data held once. */
class Grower {
  constructor(
    private readonly x: ArrayLike<number>,
    private readonly f: number,
    private readonly y: ArrayLike<number>,
    private readonly task: TreeTask,
    private readonly classes: number,
    private readonly maxDepth: number,
    private readonly minLeaf: number,
  ) {}

  grow(rows: number[], depth: number): TreeNode {
    const leaf: TreeLeaf = { kind: 'leaf', value: this.leafValue(rows), samples: rows.length };
    if (depth >= this.maxDepth || rows.length < 2 * this.minLeaf) return leaf;
    const best = this.bestSplit(rows);
    if (best === null) return leaf;
    const left = rows.filter((r) => this.x[r * this.f + best.feature]! <= best.threshold);
    const right = rows.filter((r) => this.x[r * this.f + best.feature]! > best.threshold);
    const l = this.grow(left, depth + 1);
    const r = this.grow(right, depth + 1);
    // A split whose two leaves predict the same class changes no prediction: merge it, so the rules stay short.
    if (this.task === 'classification' && l.kind === 'leaf' && r.kind === 'leaf' && l.value === r.value) return leaf;
    return { kind: 'split', feature: best.feature, threshold: best.threshold, samples: rows.length, left: l, right: r };
  }

  private leafValue(rows: readonly number[]): number {
    if (this.task === 'regression') return rows.reduce((s, r) => s + this.y[r]!, 0) / rows.length;
    const counts = new Array<number>(this.classes).fill(0);
    for (const r of rows) counts[this.y[r]!]!++;
    return counts.indexOf(Math.max(...counts));
  }

  /** The split with the lowest weighted child impurity, or null when none improves on the node. */
  private bestSplit(rows: readonly number[]): { feature: number; threshold: number } | null {
    const n = rows.length;
    const parent = this.impurity(this.stats(rows), n);
    let best: { feature: number; threshold: number } | null = null;
    let bestScore = parent * n - 1e-12;
    for (let feature = 0; feature < this.f; feature++) {
      const sorted = [...rows].sort((a, b) => this.x[a * this.f + feature]! - this.x[b * this.f + feature]!);
      const left = this.emptyStats();
      const right = this.stats(sorted);
      for (let i = 0; i < n - 1; i++) {
        this.move(left, right, sorted[i]!);
        const here = this.x[sorted[i]! * this.f + feature]!;
        const next = this.x[sorted[i + 1]! * this.f + feature]!;
        const nl = i + 1;
        if (here === next || nl < this.minLeaf || n - nl < this.minLeaf) continue;
        const score = this.impurity(left, nl) * nl + this.impurity(right, n - nl) * (n - nl);
        if (score < bestScore) {
          bestScore = score;
          best = { feature, threshold: (here + next) / 2 };
        }
      }
    }
    return best;
  }

  // Statistics: class counts (classification) or [count, sum, sum of squares] (regression).
  private emptyStats(): number[] {
    return new Array<number>(this.task === 'classification' ? this.classes : 3).fill(0);
  }

  private stats(rows: readonly number[]): number[] {
    const s = this.emptyStats();
    for (const r of rows) this.add(s, r, 1);
    return s;
  }

  private add(s: number[], row: number, sign: number): void {
    const v = this.y[row]!;
    if (this.task === 'classification') {
      s[v]! += sign;
    } else {
      s[0]! += sign;
      s[1]! += sign * v;
      s[2]! += sign * v * v;
    }
  }

  private move(to: number[], from: number[], row: number): void {
    this.add(to, row, 1);
    this.add(from, row, -1);
  }

  /** Gini 1 − Σ pₖ², or the variance E[y²] − E[y]². */
  private impurity(s: readonly number[], n: number): number {
    if (this.task === 'classification') return 1 - s.reduce((acc, c) => acc + (c / n) ** 2, 0);
    const mean = s[1]! / n;
    return Math.max(0, s[2]! / n - mean * mean);
  }
}
