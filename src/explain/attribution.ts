/**
 * Attribution: the result of a local explanation — one number per input element saying how much
 * that element moved the explained output — as plain data (JSON-ready arrays), so a server can send
 * it and a picture can be drawn from it without tensors.
 */
import { DTypeError, type DType, type Tensor, ValueError } from '../core/index.js';

/** Local (one-input) attribution methods. */
export type AttributionMethod = 'saliency' | 'gradient-x-input' | 'smoothgrad' | 'integrated-gradients' | 'occlusion';

/** One input's attributions. */
export interface Attribution {
  readonly method: AttributionMethod;
  /** Shape of the explained input (one example, no batch dimension). */
  readonly shape: readonly number[];
  /** Row-major attributions, one per input element. */
  readonly values: number[];
  /** The output column explained (0 for a single output). */
  readonly target: number;
  /** The explained output at the input, f(x). */
  readonly output: number;
}

/** An explained input read back as numbers. */
export interface InputValues {
  readonly data: Float64Array;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/**
 * Checks that `x` is one float example (no batch dimension) and reads its values.
 *
 * @throws ValueError when x is not a Tensor or is a scalar; DTypeError for a non-float x.
 * @example
 * const { data, shape, dtype } = readInput('saliency', x);
 */
export function readInput(method: string, x: Tensor): InputValues {
  if (typeof x !== 'object' || x === null || typeof (x as Partial<Tensor>).dataSync !== 'function') throw new ValueError(`${method}: x must be a Tensor (one example, no batch dimension)`);
  if (!x.isFloatingPoint()) throw new DTypeError(`${method}: x must be float32 or float64, got ${x.dtype}`);
  if (x.rank === 0 || x.size === 0) throw new ValueError(`${method}: x must be one non-empty example such as [F] or [C, H, W], got a tensor of shape [${x.shape.join(', ')}]`);
  return { data: Float64Array.from(x.dataSync()), shape: [...x.shape], dtype: x.dtype };
}

/** n copies of one example, row-major, as the batch's flat data. */
export function repeatRows(data: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * data.length);
  for (let i = 0; i < n; i++) out.set(data as ArrayLike<number> & Iterable<number>, i * data.length);
  return out;
}

/**
 * A positive integer option, or its default.
 *
 * @throws ValueError naming the option.
 */
export function positiveIntegerOption(method: string, name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new ValueError(`${method}: ${name} must be a positive integer, got ${v}`);
  return v;
}
