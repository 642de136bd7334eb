/**
 * Creating tensors: from nested arrays and typed arrays, constant fills, ranges, identity matrices
 * and seeded random draws. None of these is differentiable; pass `requiresGrad` to make a leaf.
 */
import { getBackend } from '../backend-registry.js';
import { allocateArray, assertDType, coerceToDType, type DType } from '../dtype.js';
import { formatShape, ShapeError, ValueError } from '../errors.js';
import { defaultGenerator, type Generator } from '../random.js';
import { assertShape, type Shape, sizeOf } from '../shape.js';
import { assertCanAllocate } from '../storage.js';
import { type NestedArray, type Tensor } from '../tensor.js';
import { wrap } from './operand.js';

/** Options shared by creation functions. */
export interface CreationOptions {
  /** Element type; each function documents its default. */
  readonly dtype?: DType;
  /** Make the result a leaf that requires a gradient (floats only). */
  readonly requiresGrad?: boolean;
}

/** Options of random creation functions. */
export interface RandomOptions extends CreationOptions {
  /** Source of randomness; the default generator (see `manualSeed`) when omitted. */
  readonly generator?: Generator;
}

type TypedInput =
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint8Array
  | Uint8ClampedArray
  | Int8Array
  | Int16Array
  | Uint16Array;

/** The dtype a typed array's values take by default: its own, or int32 for small integer arrays. */
function typedArrayDType(data: unknown): DType | null {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  // Uint8Array is usually pixels or bytes, not truth values: pass { dtype: 'bool' } for those.
  if (
    data instanceof Int32Array ||
    data instanceof Uint8Array ||
    data instanceof Uint8ClampedArray ||
    data instanceof Int8Array ||
    data instanceof Int16Array ||
    data instanceof Uint16Array
  ) {
    return 'int32';
  }
  return null;
}

function finish(t: Tensor, options: CreationOptions): Tensor {
  if (options.requiresGrad === true) t.requiresGrad = true;
  return t;
}

function inferShape(data: NestedArray, path: string): number[] {
  if (!Array.isArray(data)) return [];
  if (data.length === 0) return [0];
  const inner = inferShape(data[0]!, `${path}[0]`);
  return [data.length, ...inner];
}

function flatten(data: NestedArray, shape: readonly number[], depth: number, out: number[], path: string): void {
  if (depth === shape.length) {
    if (typeof data === 'number') out.push(data);
    else if (typeof data === 'boolean') out.push(data ? 1 : 0);
    else throw new ShapeError(`tensor: data${path} is ragged: expected a number, got an array`);
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[depth]) {
    const got = Array.isArray(data) ? `length ${data.length}` : typeof data;
    throw new ShapeError(`tensor: data${path} is ragged: expected an array of length ${shape[depth]}, got ${got}`);
  }
  data.forEach((item, i) => flatten(item, shape, depth + 1, out, `${path}[${i}]`));
}

/**
 * A tensor from nested arrays, a typed array (copied) or a number.
 *
 * The dtype defaults to float32 for numbers and Float32Array, bool for booleans, float64 for a
 * Float64Array and int32 for Int32Array and the smaller integer arrays (Uint8Array included: pass
 * `{ dtype: 'bool' }` to read bytes as truth values).
 * Pass `shape` to lay a flat array out as a matrix.
 *
 * @throws ShapeError for ragged nested arrays or a shape that does not match the data's length.
 * @example
 * const x = tensor([[1, 2], [3, 4]]);
 * const y = tensor(new Float32Array([1, 2, 3, 4]), { shape: [2, 2] });
 */
export function tensor(
  data: NestedArray | TypedInput | readonly number[],
  options: CreationOptions & { readonly shape?: readonly number[] } = {},
): Tensor {
  let values: ArrayLike<number>;
  let shape: number[];
  let inferred: DType = 'float32';
  const typedDType = typedArrayDType(data);
  if (typedDType !== null) {
    values = data as TypedInput;
    shape = [(data as TypedInput).length];
    inferred = typedDType;
  } else {
    const nested = data as NestedArray;
    shape = inferShape(nested, '');
    const flat: number[] = [];
    flatten(nested, shape, 0, flat, '');
    values = flat;
    if (isBooleanData(nested)) inferred = 'bool';
  }
  if (options.shape !== undefined) {
    const target = assertShape('tensor', 'shape', [...options.shape]);
    if (sizeOf(target) !== values.length) {
      throw new ShapeError(`tensor: shape ${formatShape(target)} holds ${sizeOf(target)} elements but data has ${values.length}`);
    }
    shape = target;
  }
  const dtype = options.dtype === undefined ? inferred : assertDType('tensor', 'dtype', options.dtype);
  const array = allocateArray(dtype, values.length);
  for (let i = 0; i < values.length; i++) array[i] = coerceToDType(values[i]!, dtype);
  const backend = getBackend();
  return finish(wrap(backend, backend.upload(dtype, array), shape), options);
}

function isBooleanData(data: NestedArray): boolean {
  let node: NestedArray = data;
  while (Array.isArray(node)) {
    if (node.length === 0) return false;
    node = node[0]!;
  }
  return typeof node === 'boolean';
}

/**
 * A tensor of `shape` with every element `value`. dtype defaults to float32 (bool for a boolean).
 *
 * @example
 * full([2, 3], 7);
 */
export function full(shape: Shape, value: number | boolean, options: CreationOptions = {}): Tensor {
  return filled('full', shape, value, options);
}

function filled(op: string, shape: Shape, value: number | boolean, options: CreationOptions): Tensor {
  const dims = assertShape(op, 'shape', Array.isArray(shape) ? [...shape] : shape);
  assertCanAllocate(sizeOf(dims));
  const dtype = assertDType(op, 'dtype', options.dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32'));
  const backend = getBackend();
  return finish(wrap(backend, backend.fill(dtype, sizeOf(dims), coerceToDType(Number(value), dtype)), dims), options);
}

/** A float32 (or `dtype`) tensor of zeros. @example zeros([2, 3]) */
export function zeros(shape: Shape, options: CreationOptions = {}): Tensor {
  return filled('zeros', shape, 0, options);
}

/** A float32 (or `dtype`) tensor of ones. @example ones([2, 3]) */
export function ones(shape: Shape, options: CreationOptions = {}): Tensor {
  return filled('ones', shape, 1, options);
}

/** Zeros with x's shape and dtype (or `dtype`). */
export function zerosLike(x: Tensor, options: CreationOptions = {}): Tensor {
  return full(x.shape, 0, { dtype: x.dtype, ...options });
}

/** Ones with x's shape and dtype (or `dtype`). */
export function onesLike(x: Tensor, options: CreationOptions = {}): Tensor {
  return full(x.shape, 1, { dtype: x.dtype, ...options });
}

/** `value` everywhere, with x's shape and dtype (or `dtype`). */
export function fullLike(x: Tensor, value: number, options: CreationOptions = {}): Tensor {
  return full(x.shape, value, { dtype: x.dtype, ...options });
}

/**
 * Values from `start` up to (not including) `end` in steps of `step`; `arange(n)` is 0 … n−1.
 * dtype is int32 when all arguments are integers, otherwise float32.
 *
 * @example
 * arange(5);          // [0, 1, 2, 3, 4]
 * arange(0, 1, 0.25); // [0, 0.25, 0.5, 0.75]
 */
export function arange(start: number, end?: number, step = 1, options: CreationOptions = {}): Tensor {
  const [from, to] = end === undefined ? [0, start] : [start, end];
  for (const [name, v] of [['start', from], ['end', to], ['step', step]] as const) {
    if (!Number.isFinite(v)) throw new ValueError(`arange: ${name} must be finite, got ${v}`);
  }
  if (step === 0) throw new ValueError('arange: step must not be 0');
  const count = Math.max(0, Math.ceil((to - from) / step));
  const integral = [from, to, step].every((v) => Number.isInteger(v));
  const dtype = assertDType('arange', 'dtype', options.dtype ?? (integral ? 'int32' : 'float32'));
  const array = allocateArray(dtype, count);
  for (let i = 0; i < count; i++) array[i] = coerceToDType(from + i * step, dtype);
  const backend = getBackend();
  return finish(wrap(backend, backend.upload(dtype, array), [count]), options);
}

/**
 * `steps` evenly spaced values from `start` to `end`, both included. float32 by default.
 *
 * @example
 * linspace(0, 1, 5); // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, end: number, steps: number, options: CreationOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new ValueError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const dtype = assertDType('linspace', 'dtype', options.dtype ?? 'float32');
  const array = allocateArray(dtype, steps);
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Fill from both ends so the last value is exactly `end` (as NumPy and PyTorch do).
  const half = Math.ceil(steps / 2);
  for (let i = 0; i < steps; i++) {
    array[i] = coerceToDType(i < half ? start + i * delta : end - (steps - 1 - i) * delta, dtype);
  }
  const backend = getBackend();
  return finish(wrap(backend, backend.upload(dtype, array), [steps]), options);
}

/**
 * An identity matrix with `n` rows and `m` (default n) columns. float32 by default.
 *
 * @example
 * eye(3);
 */
export function eye(n: number, m = n, options: CreationOptions = {}): Tensor {
  assertShape('eye', 'n, m', [n, m]);
  const dtype = assertDType('eye', 'dtype', options.dtype ?? 'float32');
  const array = allocateArray(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) array[i * m + i] = 1;
  const backend = getBackend();
  return finish(wrap(backend, backend.upload(dtype, array), [n, m]), options);
}

function randomTensor(op: string, distribution: 'uniform' | 'normal', shape: Shape, options: RandomOptions): Tensor {
  const dims = assertShape(op, 'shape', [...shape]);
  const dtype = assertDType(op, 'dtype', options.dtype ?? 'float32');
  if (dtype !== 'float32' && dtype !== 'float64') throw new ValueError(`${op}: dtype must be float32 or float64, got ${dtype}`);
  const size = sizeOf(dims);
  assertCanAllocate(size);
  const stream = (options.generator ?? defaultGenerator).take(distribution, dtype, size);
  const backend = getBackend();
  return wrap(backend, backend.random(distribution, dtype, size, stream), dims);
}

/**
 * Uniform draws from [0, 1), float32 by default.
 *
 * @example
 * rand([2, 2], { generator: new Generator(0) });
 */
export function rand(shape: Shape, options: RandomOptions = {}): Tensor {
  return finish(randomTensor('rand', 'uniform', shape, options), options);
}

/**
 * Standard normal draws (mean 0, variance 1), float32 by default.
 *
 * @example
 * randn([128, 784]);
 */
export function randn(shape: Shape, options: RandomOptions = {}): Tensor {
  return finish(randomTensor('randn', 'normal', shape, options), options);
}

/**
 * Uniform random integers in [low, high), int32 by default.
 *
 * @example
 * randint(0, 10, [5]);
 */
export function randint(low: number, high: number, shape: Shape, options: RandomOptions = {}): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ValueError(`randint: need integers with low < high, got low ${low}, high ${high}`);
  }
  // Floats in float64 carry 53 random bits, so floor(low + u·(high − low)) is unbiased enough
  // for any int32 range.
  const uniform = randomTensor('randint', 'uniform', shape, { ...options, dtype: 'float64' });
  const values = uniform.dataSync();
  const dtype = assertDType('randint', 'dtype', options.dtype ?? 'int32');
  const array = allocateArray(dtype, values.length);
  for (let i = 0; i < values.length; i++) array[i] = coerceToDType(Math.floor(low + values[i]! * (high - low)), dtype);
  const backend = getBackend();
  return finish(wrap(backend, backend.upload(dtype, array), uniform.shape), options);
}
