/**
 * Global surrogate (Craven & Shavlik 1996; Molnar, "Interpretable Machine Learning", §8.6): a small
 * decision tree trained to imitate the network — its predicted class, or its predicted value —
 * rather than the true labels, so the tree's rules describe what the network does. Its fidelity,
 * how often the tree agrees with the network on rows neither saw (R² for regression), says how far
 * the rules can be trusted as a description.
 *
 * Shapes: xTrain [N, F] and xHeldOut [M, F] float features.
 */
import { ShapeError, type Tensor } from '../core/index.js';
import { DecisionTree, type TreeTask } from './decision-tree.js';
import { argmaxRows, type BatchOutputs, predictBatch, type Predictor } from './predictor.js';

/** Options of {@link globalSurrogate}. */
export interface GlobalSurrogateOptions {
  /** Tree depth (default 4). */
  readonly maxDepth?: number;
  /** Fewest rows per leaf (default 5). */
  readonly minSamplesLeaf?: number;
  /** Feature names, for the rules' text. */
  readonly featureNames?: readonly string[];
  /** Class names, for the rules' text (classification). */
  readonly classNames?: readonly string[];
}

/** The surrogate tree and how faithful it is. */
export interface GlobalSurrogateResult {
  readonly tree: DecisionTree;
  /** 'classification' when the network has ≥ 2 output columns (imitating its argmax), else 'regression'. */
  readonly task: TreeTask;
  /** Agreement with the network on the held-out rows (accuracy of imitation, or R²). */
  readonly fidelity: number;
  /** The same on the rows the tree was fitted on. */
  readonly trainFidelity: number;
  /** The tree as readable if/else rules. */
  readonly rules: string;
}

/**
 * Fits a decision tree to the network's predictions and measures its fidelity.
 *
 * @param model The network (takes [N, F]).
 * @param xTrain Rows to fit the tree on.
 * @param xHeldOut Rows to measure fidelity on.
 * @throws ShapeError for inputs that are not [N, F] with the same F.
 * @example
 * const { fidelity, rules } = globalSurrogate(model, xTrain, xTest, { maxDepth: 3, featureNames });
 */
export function globalSurrogate(model: Predictor, xTrain: Tensor, xHeldOut: Tensor, options: GlobalSurrogateOptions = {}): GlobalSurrogateResult {
  if (xTrain.rank !== 2 || xHeldOut.rank !== 2 || xTrain.shape[1] !== xHeldOut.shape[1]) {
    throw new ShapeError(`globalSurrogate: xTrain and xHeldOut must be [N, F] with the same F, got [${xTrain.shape.join(', ')}] and [${xHeldOut.shape.join(', ')}]`);
  }
  const width = xTrain.shape[1]!;
  const trainOut = predictBatch(model, xTrain);
  const heldOut = predictBatch(model, xHeldOut);
  const task: TreeTask = trainOut.columns >= 2 ? 'classification' : 'regression';
  const imitate = (out: BatchOutputs): Float64Array => (task === 'classification' ? argmaxRows(out.values, out.columns) : out.values);
  const xTrainData = xTrain.dataSync();
  const xHeldData = xHeldOut.dataSync();
  const tree = DecisionTree.fit(xTrainData, width, imitate(trainOut), {
    task,
    ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
    ...(options.minSamplesLeaf === undefined ? {} : { minSamplesLeaf: options.minSamplesLeaf }),
  });
  const agreement = (x: ArrayLike<number>, target: Float64Array): number => fidelityOf(task, tree.predict(x), target);
  const classNames = options.classNames;
  const rules = tree.toText(options.featureNames, task === 'classification' && classNames !== undefined ? (v) => classNames[v] ?? String(v) : undefined);
  return { tree, task, fidelity: agreement(xHeldData, imitate(heldOut)), trainFidelity: agreement(xTrainData, imitate(trainOut)), rules };
}

/** Share of equal predictions, or R² of the tree against the network. */
function fidelityOf(task: TreeTask, tree: Float64Array, network: Float64Array): number {
  const n = network.length;
  if (task === 'classification') return tree.reduce((s, v, i) => s + (v === network[i] ? 1 : 0), 0) / n;
  const mean = network.reduce((s, v) => s + v, 0) / n;
  const total = network.reduce((s, v) => s + (v - mean) ** 2, 0);
  const residual = network.reduce((s, v, i) => s + (v - tree[i]!) ** 2, 0);
  return total === 0 ? (residual === 0 ? 1 : 0) : 1 - residual / total;
}
