/**
 * Small helpers for the JS backend tests: building views by hand and reading results as plain
 * arrays, so every expected value in the tests is a literal.
 */

import type { BackendBuffer, DataArray, DType, StridedView } from '../../src/backends/contract.js';
import { JsBackend } from '../../src/backends/js/js-backend.js';
import { contiguousStrides } from '../../src/backends/js/strided.js';

export const js = new JsBackend();

/** A typed array of `dtype`'s kind holding `values` (converted as a typed-array store does). */
export function arrayOf(dtype: DType, values: readonly number[]): DataArray {
  switch (dtype) {
    case 'float32':
      return Float32Array.from(values);
    case 'float64':
      return Float64Array.from(values);
    case 'int32':
      return Int32Array.from(values);
    case 'bool':
      return Uint8Array.from(values);
  }
}

/** A view onto `buffer`; contiguous strides unless given. */
export function view(
  buffer: BackendBuffer,
  shape: readonly number[],
  strides: readonly number[] = contiguousStrides(shape),
  offset = 0,
): StridedView {
  return { buffer, shape, strides, offset };
}

/** Uploads `values` and returns a contiguous view of `shape` (default: 1-d). */
export function tensor(dtype: DType, values: readonly number[], shape: readonly number[] = [values.length]): StridedView {
  return view(js.upload(dtype, arrayOf(dtype, values)), shape);
}

/** Uploads `values` as a flat buffer and returns a view with the given layout. */
export function strided(
  dtype: DType,
  values: readonly number[],
  shape: readonly number[],
  strides: readonly number[],
  offset = 0,
): StridedView {
  return view(js.upload(dtype, arrayOf(dtype, values)), shape, strides, offset);
}

/** A buffer's elements as a plain array. */
export function values(buffer: BackendBuffer): number[] {
  return Array.from(js.readSync(buffer));
}
