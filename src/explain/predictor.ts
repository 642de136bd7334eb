/**
 * Predictor: what an explanation method explains — a `Model`, a `Module`, or any function from a
 * batch of inputs to outputs — and the scalar it explains: one output column (a class's logit or
 * probability, or the single regression output) per example. Every method runs the network in
 * evaluation mode (dropout off, batch norm on its running statistics), because an explanation of
 * a random dropout mask explains nothing; the module's mode is restored afterwards.
 */
import { argmax, noGrad, select, softmax, ShapeError, formatShape, type Tensor, ValueError, tensor, type DType } from '../core/index.js';
import { Module } from '../nn/index.js';
import { Model } from '../train/index.js';

/** A trained network: a Keras-style Model, a Module, or a function of a batch [N, …] to outputs [N, C], [N, 1] or [N]. */
export type Predictor = Model | Module | ((x: Tensor) => Tensor);

/** Which scalar of the network's output is explained. */
export interface TargetOptions {
  /**
   * The output column (class index) to explain. Default: the class the network predicts for the
   * explained input; 0 for a single output.
   */
  readonly target?: number;
  /**
   * Explain softmax probabilities instead of the raw outputs (logits). Default false. Attributions
   * then sum to a change in probability, which users read more easily than a change in logit.
   */
  readonly probabilities?: boolean;
}

/** The explained scalar function of a batch, and the settled target. */
export interface ExplainedFunction {
  /** [N, …] → [N]: the target output of each example, recorded for autograd. */
  readonly f: (x: Tensor) => Tensor;
  /** The output column explained (0 for a single output). */
  readonly target: number;
}

/**
 * Runs `fn` with the predictor's module in evaluation mode, restoring its mode afterwards.
 *
 * @example
 * const y = inEvalMode(model, () => model.forward(x));
 */
export function inEvalMode<T>(predictor: Predictor, fn: () => T): T {
  const module = predictor instanceof Model ? predictor.module : predictor instanceof Module ? predictor : null;
  if (module === null) return fn();
  const wasTraining = module.training;
  module.eval();
  try {
    return fn();
  } finally {
    module.train(wasTraining);
  }
}

/** The predictor's forward function (batch in, outputs out). */
export function forwardOf(predictor: Predictor): (x: Tensor) => Tensor {
  if (predictor instanceof Model || predictor instanceof Module) return (x) => predictor.forward(x);
  if (typeof predictor === 'function') return predictor;
  throw new ValueError(`explain: model must be a Model, a Module or a function of a batch, got ${typeof predictor}`);
}

/**
 * Builds the scalar function an attribution method differentiates, and settles the target on the
 * explained input `x` (one example, no batch dimension).
 *
 * @throws ShapeError when the network's output is not [N], [N, 1] or [N, C]; ValueError for a
 *   target outside 0 … C−1.
 * @example
 * const { f, target } = explainedFunction(model, x, {});
 */
export function explainedFunction(predictor: Predictor, x: Tensor, options: TargetOptions): ExplainedFunction {
  const forward = forwardOf(predictor);
  const columnsOf = (out: Tensor): Tensor => {
    if (out.rank === 1) return out;
    if (out.rank !== 2) throw new ShapeError(`explain: the model's output must be [N], [N, 1] or [N, C], got ${formatShape(out.shape)}`);
    return options.probabilities === true ? softmax(out, -1) : out;
  };
  const out = noGrad(() => columnsOf(forward(x.unsqueeze(0))));
  const columns = out.rank === 1 ? 1 : out.shape[1]!;
  let target = options.target;
  if (target === undefined) target = columns === 1 ? 0 : (argmax(out, 1).dataSync()[0] as number);
  if (!Number.isInteger(target) || target < 0 || target >= columns) {
    throw new ValueError(`explain: target must be an output column in 0 … ${columns - 1}, got ${target}`);
  }
  const chosen = target;
  const f = (batch: Tensor): Tensor => {
    const o = columnsOf(forward(batch));
    return o.rank === 1 ? o : select(o, 1, chosen);
  };
  return { f, target: chosen };
}

/**
 * Values of the explained scalar for a batch given as a flat array (no gradient recorded).
 *
 * @example
 * const outputs = evaluateBatch(f, data, [n, 4], 'float32');
 */
export function evaluateBatch(f: (x: Tensor) => Tensor, data: ArrayLike<number>, shape: readonly number[], dtype: DType, batchSize = 256): Float64Array {
  const n = shape[0]!;
  const per = n === 0 ? 0 : data.length / n;
  const result = new Float64Array(n);
  noGrad(() => {
    for (let start = 0; start < n; start += batchSize) {
      const b = Math.min(batchSize, n - start);
      const chunk = sliceOf(data, start * per, (start + b) * per, dtype);
      const values = f(tensor(chunk, { shape: [b, ...shape.slice(1)], dtype })).dataSync();
      for (let i = 0; i < b; i++) result[start + i] = values[i]!;
    }
  });
  return result;
}

/** A copy of data[from, to) in the dtype's array type. */
export function sliceOf(data: ArrayLike<number>, from: number, to: number, dtype: DType): Float32Array | Float64Array {
  const out = dtype === 'float64' ? new Float64Array(to - from) : new Float32Array(to - from);
  for (let i = from; i < to; i++) out[i - from] = data[i]!;
  return out;
}

/** The network's outputs on a batch, read back: values row-major [N, columns]. */
export interface BatchOutputs {
  readonly values: Float64Array;
  readonly rows: number;
  readonly columns: number;
}

/**
 * Runs the network on a batch without recording gradients, in evaluation mode.
 *
 * @throws ShapeError when the output is not [N], [N, 1] or [N, C].
 * @example
 * const { values, columns } = predictBatch(model, x);
 */
export function predictBatch(predictor: Predictor, x: Tensor, batchSize = 256): BatchOutputs {
  const forward = forwardOf(predictor);
  const n = x.shape[0]!;
  return inEvalMode(predictor, () =>
    noGrad(() => {
      let columns = 1;
      let values = new Float64Array(0);
      for (let start = 0; start < n; start += batchSize) {
        const b = Math.min(batchSize, n - start);
        const out = forward(x.narrow(0, start, b));
        if (out.rank > 2 || out.rank === 0) throw new ShapeError(`explain: the model's output must be [N], [N, 1] or [N, C], got ${formatShape(out.shape)}`);
        columns = out.rank === 1 ? 1 : out.shape[1]!;
        if (start === 0) values = new Float64Array(n * columns);
        values.set(out.dataSync(), start * columns);
      }
      return { values, rows: n, columns };
    }),
  );
}

/** The index of the largest value in each row of row-major [N, columns] values (first on ties). */
export function argmaxRows(values: ArrayLike<number>, columns: number): Float64Array {
  const n = Math.floor(values.length / columns);
  return Float64Array.from({ length: n }, (_, i) => {
    let best = 0;
    for (let j = 1; j < columns; j++) if (values[i * columns + j]! > values[i * columns + best]!) best = j;
    return best;
  });
}
