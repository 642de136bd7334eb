/**
 * Argument checking shared by the convolution and pooling layers and functions: sizes given as a
 * number or one per spatial dimension, PyTorch's padding forms, and inputs with or without a batch
 * dimension.
 *
 * Shape legend: S spatial dimensions (1 for 1-d layers, 2 for 2-d); x is [N, C, ...D] or, without
 * a batch dimension, [C, ...D], with D of length S.
 */
import { DTypeError, formatShape, ShapeError, type Tensor, unsqueeze, ValueError } from '../core/index.js';

/** A size for every spatial dimension: one number for all, or a pair (height, width). */
export type IntOrPair = number | readonly [number, number];

/** Convolution padding: zeros on both sides of each dimension, or PyTorch's 'valid' / 'same'. */
export type ConvPadding = IntOrPair | 'valid' | 'same';

/**
 * `value` as one integer per spatial dimension, each ≥ `min`.
 *
 * @throws ValueError naming `op` and `name` for a non-integer, a small value or a wrong length.
 */
export function toSizes(op: string, name: string, value: number | readonly number[], spatialDims: number, min: number): number[] {
  const sizes = typeof value === 'number' ? new Array<number>(spatialDims).fill(value) : [...(value as readonly unknown[])];
  const ok = sizes.length === spatialDims && sizes.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= min);
  if (!ok) {
    const shape = spatialDims === 1 ? 'an integer' : `an integer or ${spatialDims} integers`;
    throw new ValueError(`${op}: ${name} must be ${shape} ≥ ${min}, got ${JSON.stringify(value)}`);
  }
  return sizes as number[];
}

/**
 * [before, after] padding per spatial dimension for a convolution. 'same' pads a total of
 * dilation·(k − 1), the odd element going after (as PyTorch, which only allows it with stride 1).
 *
 * @throws ValueError for a malformed padding, or 'same' with a stride other than 1.
 */
export function convPadding(
  op: string,
  padding: ConvPadding,
  kernel: readonly number[],
  stride: readonly number[],
  dilation: readonly number[],
): [number, number][] {
  if (padding === 'valid') return kernel.map(() => [0, 0]);
  if (padding === 'same') {
    if (stride.some((s) => s !== 1)) {
      throw new ValueError(`${op}: padding 'same' needs stride 1 in every dimension (as in PyTorch), got stride ${formatShape(stride)}`);
    }
    return kernel.map((k, i) => {
      const total = dilation[i]! * (k - 1);
      const before = Math.floor(total / 2);
      return [before, total - before];
    });
  }
  if (typeof padding === 'string') throw new ValueError(`${op}: padding must be a number, a pair, 'valid' or 'same', got '${String(padding)}'`);
  return toSizes(op, 'padding', padding, kernel.length, 0).map((p) => [p, p]);
}

/**
 * Pooling padding per spatial dimension, checked against PyTorch's rule that it is at most half the
 * kernel size (so every window holds at least one real element).
 *
 * @throws ValueError for a negative, non-integer or too large padding.
 */
export function poolPadding(op: string, padding: number | readonly number[], kernel: readonly number[]): number[] {
  const pads = toSizes(op, 'padding', padding, kernel.length, 0);
  if (pads.some((p, i) => p > Math.floor(kernel[i]! / 2))) {
    throw new ValueError(`${op}: padding must be at most half the kernel size, got padding ${formatShape(pads)} for kernel ${formatShape(kernel)}`);
  }
  return pads;
}

/**
 * Checks that x is a float [N, C, ...D] or [C, ...D] tensor with `spatialDims` spatial dimensions
 * (and `channels` channels when given).
 *
 * @throws DTypeError for a non-float x; ShapeError for a wrong rank or channel count, naming `op`
 *   and the expected form, e.g. `Conv2d: input must be [N, 3, H, W] or [3, H, W], got [8, 1, 28, 28]`.
 */
export function checkInput(op: string, x: Tensor, spatialDims: number, channels?: number): void {
  const names = spatialDims === 1 ? ['L'] : ['H', 'W'];
  const c = channels === undefined ? 'C' : String(channels);
  const expected = `[N, ${c}, ${names.join(', ')}] or [${c}, ${names.join(', ')}]`;
  if (x.rank !== spatialDims + 1 && x.rank !== spatialDims + 2) {
    throw new ShapeError(`${op}: input must be ${expected}, got ${formatShape(x.shape)}`);
  }
  if (channels !== undefined && x.shape[x.rank - spatialDims - 1] !== channels) {
    throw new ShapeError(`${op}: input must be ${expected}, got ${formatShape(x.shape)}`);
  }
  if (!x.isFloatingPoint()) throw new DTypeError(`${op}: input must be float32 or float64, got ${x.dtype}`);
}

/**
 * {@link checkInput}, then x with a batch dimension, and whether one was added.
 *
 * @throws as {@link checkInput}.
 */
export function batchedInput(op: string, x: Tensor, spatialDims: number, channels?: number): { x: Tensor; unbatched: boolean } {
  checkInput(op, x, spatialDims, channels);
  const unbatched = x.rank === spatialDims + 1;
  return { x: unbatched ? unsqueeze(x, 0) : x, unbatched };
}
