/**
 * Argument checks shared by the losses. Internal to `losses/`: every message names the loss, the
 * argument, what was expected and what came (`mseLoss: target must have input's shape [4, 3], got [4]`).
 */
import { broadcastTo, cast, DTypeError, isFloat, ShapeError, Tensor, ValueError } from '../core/index.js';

/** A shape as error messages show it: `[32, 10]`. */
export function showShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Checks that `value` is a float tensor (the loss's prediction).
 *
 * @throws ValueError when it is not a tensor; DTypeError when it is not float32 or float64.
 */
export function checkFloatTensor(loss: string, argument: string, value: unknown): Tensor {
  if (!(value instanceof Tensor)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new ValueError(`${loss}: ${argument} must be a Tensor, got ${got}; wrap data with tensor(...)`);
  }
  if (!isFloat(value.dtype)) {
    throw new DTypeError(`${loss}: ${argument} must be float32 or float64, got ${value.dtype}; cast it with cast(${argument}, 'float32')`);
  }
  return value;
}

/**
 * Checks a float target that pairs with `input` element by element: same shape and same dtype
 * (PyTorch only warns about broadcasting a mismatched target, which hides bugs such as a [N] target
 * against a [N, 1] prediction turning into an [N, N] loss).
 *
 * @throws ValueError when it is not a tensor; ShapeError / DTypeError when it does not match input.
 */
export function checkElementwiseTarget(loss: string, input: Tensor, target: unknown, argument = 'target'): Tensor {
  if (!(target instanceof Tensor)) {
    const got = target === null ? 'null' : Array.isArray(target) ? 'an array' : typeof target;
    throw new ValueError(`${loss}: ${argument} must be a Tensor, got ${got}; wrap data with tensor(...)`);
  }
  if (target.shape.length !== input.shape.length || target.shape.some((d, i) => d !== input.shape[i])) {
    throw new ShapeError(`${loss}: ${argument} must have input's shape ${showShape(input.shape)}, got ${showShape(target.shape)}`);
  }
  if (target.dtype !== input.dtype) {
    throw new DTypeError(`${loss}: ${argument} must have input's dtype ${input.dtype}, got ${target.dtype}; cast it with cast(${argument}, '${input.dtype}')`);
  }
  return target;
}

/**
 * Checks an optional weight tensor that must broadcast to `shape`, and brings it to `dtype` (a
 * float32 weight serves a float64 check as well).
 *
 * @throws ValueError when it is not a tensor; DTypeError when not float; ShapeError when it does not broadcast.
 */
export function checkBroadcastWeight(loss: string, argument: string, weight: unknown, shape: readonly number[], dtype: Tensor['dtype']): Tensor {
  const w = checkFloatTensor(loss, argument, weight);
  const fits =
    w.rank <= shape.length &&
    w.shape.every((d, i) => {
      const other = shape[shape.length - w.rank + i]!;
      return d === 1 || d === other;
    });
  if (!fits) {
    throw new ShapeError(`${loss}: ${argument} ${showShape(w.shape)} must broadcast to input's shape ${showShape(shape)}`);
  }
  return cast(broadcastTo(w, shape), dtype);
}

/**
 * Checks a per-class weight: a float tensor of shape [C], brought to `dtype`.
 *
 * @throws ValueError when it is not a tensor; DTypeError when not float; ShapeError when not [C].
 */
export function checkClassWeight(loss: string, weight: unknown, numClasses: number, dtype: Tensor['dtype']): Tensor {
  const w = checkFloatTensor(loss, 'weight', weight);
  if (w.rank !== 1 || w.shape[0] !== numClasses) {
    throw new ShapeError(`${loss}: weight must have one entry per class, shape [${numClasses}], got ${showShape(w.shape)}`);
  }
  return cast(w, dtype);
}

/**
 * Checks that a numeric option is a finite number satisfying `ok`.
 *
 * @throws ValueError otherwise, quoting `requirement`.
 */
export function checkNumber(loss: string, argument: string, value: unknown, ok: (v: number) => boolean, requirement: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new ValueError(`${loss}: ${argument} must be ${requirement}, got ${String(value)}`);
  }
  return value;
}

/**
 * Checks class-index targets against logits/log-probabilities `input` of shape [N, C, d1, …] or
 * [C]: target must be int32 of shape [N, d1, …] (or [] for [C]) and hold values in [0, C) or
 * `ignoreIndex`.
 *
 * @returns The number of classes C.
 * @throws ShapeError for a rank-0 input or a target of the wrong shape; DTypeError for a non-int32
 *   target; ValueError for an index out of range.
 */
export function checkClassIndices(loss: string, input: Tensor, target: unknown, ignoreIndex: number): number {
  if (!(target instanceof Tensor)) {
    const got = target === null ? 'null' : Array.isArray(target) ? 'an array' : typeof target;
    throw new ValueError(`${loss}: target must be a Tensor, got ${got}; wrap data with tensor(..., { dtype: 'int32' })`);
  }
  if (input.rank === 0) throw new ShapeError(`${loss}: input must be [N, C, d1, ...] or [C], got a scalar []`);
  const numClasses = input.rank === 1 ? input.shape[0]! : input.shape[1]!;
  const expected = input.rank === 1 ? [] : [input.shape[0]!, ...input.shape.slice(2)];
  if (target.rank !== expected.length || target.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(
      `${loss}: target must hold one class index per example, shape ${showShape(expected)} for input ${showShape(input.shape)}, got ${showShape(target.shape)}`,
    );
  }
  if (target.dtype !== 'int32') {
    throw new DTypeError(`${loss}: target must be int32 class indices, got ${target.dtype}; cast it with cast(target, 'int32')`);
  }
  const values = target.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== ignoreIndex && (v < 0 || v >= numClasses)) {
      throw new ValueError(`${loss}: target holds class index ${v}, outside [0, ${numClasses - 1}] (and not ignoreIndex ${ignoreIndex})`);
    }
  }
  return numClasses;
}
