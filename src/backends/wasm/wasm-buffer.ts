/**
 * Buffers of the wasm backend: a block of the backend's WebAssembly memory.
 *
 * Shape legend: `size` elements of `dtype` start at byte address `ptr` (16-byte aligned); `bytes`
 * is what was reserved. Buffers are flat, shape lives in the views.
 */

import type { BackendBuffer, DType } from '../contract.js';

/** Bytes per element of each dtype (`bool` is one byte, 0 or 1). */
export const BYTES_PER_ELEMENT: Readonly<Record<DType, number>> = { float32: 4, float64: 8, int32: 4, bool: 1 };

/**
 * Memory owned by the wasm backend. Holds no typed array: views over the memory are made when
 * needed, because growing the memory detaches the old ones.
 */
export class WasmBuffer implements BackendBuffer {
  /** True once released; a second release is ignored. */
  released = false;

  /**
   * @param dtype - element type.
   * @param size - number of elements.
   * @param ptr - byte address of element 0 (0 for an empty buffer, which owns no memory).
   * @param bytes - bytes reserved at `ptr` (0 for an empty buffer).
   */
  constructor(
    readonly dtype: DType,
    readonly size: number,
    readonly ptr: number,
    readonly bytes: number,
  ) {}
}
