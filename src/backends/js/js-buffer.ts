/**
 * Buffers of the JS backend: a typed array plus its dtype.
 *
 * Shape legend: `size` is the number of elements; buffers are flat, shape lives in the views.
 */

import type { BackendBuffer, DataArray, DType } from '../contract.js';

/**
 * Memory owned by the JS backend: a plain typed array of `dtype`'s kind (`bool` as 0/1 bytes).
 *
 * @example
 * const b = new JsBuffer('float32', new Float32Array([1, 2, 3]));
 * b.size; // 3
 */
export class JsBuffer implements BackendBuffer {
  readonly dtype: DType;
  readonly size: number;
  /** The elements; replaced by an empty array on release so the memory can be reclaimed. */
  data: DataArray;

  /**
   * @param dtype - element type; `data` must be the matching typed array (see `DataArrayOf`).
   * @param data - the elements, owned by the buffer from now on (not copied).
   */
  constructor(dtype: DType, data: DataArray) {
    this.dtype = dtype;
    this.size = data.length;
    this.data = data;
  }
}

/**
 * The typed array behind a buffer of this backend.
 *
 * @throws TypeError when the buffer belongs to another backend (a core bug, not a user error).
 */
export function dataOf(buffer: BackendBuffer): DataArray {
  if (!(buffer instanceof JsBuffer)) {
    throw new TypeError(
      `js backend: expected a buffer created by the js backend, got a foreign ${buffer.dtype} buffer ` +
        `of ${buffer.size} elements`,
    );
  }
  return buffer.data;
}

export { newDataArray } from '../contract.js';
