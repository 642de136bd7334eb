/**
 * dtype rules: which typed array holds each dtype, how dtypes promote when ops mix them, and how a
 * plain JavaScript number combines with a tensor.
 */
import { type DType, newDataArray } from '../backends/contract.js';
import { DTypeError } from './errors.js';

export type { DataArray, DType } from '../backends/contract.js';

/** Every dtype, in promotion order (a later one can hold every value of an earlier one). */
export const DTYPES: readonly DType[] = ['bool', 'int32', 'float32', 'float64'];

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** True for float32 and float64: the dtypes that can carry gradients. */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/** Checks that `value` names a dtype. */
export function assertDType(op: string, argument: string, value: unknown): DType {
  if (typeof value === 'string' && (DTYPES as readonly string[]).includes(value)) return value as DType;
  throw new DTypeError(`${op}: ${argument} must be one of ${DTYPES.join(', ')}, got ${String(value)}`);
}

/** The smallest dtype that holds both (bool < int32 < float32 < float64). */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The dtype a JavaScript number takes when it meets a tensor of `dtype` (PyTorch's "weak" scalars):
 * it adopts the tensor's dtype unless it cannot be represented there — a fraction meeting an integer
 * tensor gives float32, an integer meeting a bool tensor gives int32.
 */
export function scalarDType(value: number, tensorDType: DType): DType {
  if (isFloat(tensorDType)) return tensorDType;
  if (!Number.isInteger(value)) return 'float32';
  if (tensorDType === 'bool' && value !== 0 && value !== 1) return 'int32';
  return tensorDType;
}

/** The dtype a number has on its own: int32 for integers, float32 otherwise. */
export function defaultDTypeOf(value: number | boolean): DType {
  if (typeof value === 'boolean') return 'bool';
  return Number.isInteger(value) && Math.abs(value) <= 2147483647 ? 'int32' : 'float32';
}

/** A new zero-filled typed array for `size` elements of `dtype`. */
export const allocateArray = newDataArray;

/**
 * Converts a number to what a `dtype` element stores: int32 truncates toward zero (as a C cast does)
 * and bool is 0 or 1.
 */
export function coerceToDType(value: number, dtype: DType): number {
  switch (dtype) {
    case 'bool':
      return value !== 0 ? 1 : 0;
    case 'int32':
      return Math.trunc(value) | 0;
    case 'float32':
      return Math.fround(value);
    case 'float64':
      return value;
  }
}
