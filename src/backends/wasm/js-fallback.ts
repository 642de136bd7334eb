/**
 * Running the JS reference kernels on wasm memory: the fallback for everything without a wasm
 * kernel (float64, int32, bool, strided views, sort, gather, scatter, random, …).
 *
 * Shape legend: a wasm view {buffer, shape, strides, offset} becomes the same view over a JsBuffer
 * whose typed array is a window onto the wasm memory at the buffer's address, so the JS kernels read
 * the inputs in place, with no copy.
 *
 * The windows are only valid until the memory grows (growth detaches them), so they are made per
 * call, used, and dropped before any allocation. One call maps one wasm buffer to one window, which
 * keeps the JS kernels' `src.buffer === dst.buffer` aliasing check (copyInto) working.
 */

import type { BackendBuffer, DataArray, DType, StridedView } from '../contract.js';
import { JsBuffer } from '../js/js-buffer.js';
import { WasmBuffer } from './wasm-buffer.js';

/** A typed array over `size` elements of `dtype` at byte address `ptr` of `memory`. */
export function memoryView(memory: WebAssembly.Memory, dtype: DType, ptr: number, size: number): DataArray {
  const buffer = memory.buffer;
  switch (dtype) {
    case 'float32':
      return new Float32Array(buffer, ptr, size);
    case 'float64':
      return new Float64Array(buffer, ptr, size);
    case 'int32':
      return new Int32Array(buffer, ptr, size);
    case 'bool':
      return new Uint8Array(buffer, ptr, size);
  }
}

/** Maps wasm buffers to JsBuffers over their memory for the duration of one kernel call. */
export class JsWindows {
  private readonly windows = new Map<BackendBuffer, JsBuffer>();

  constructor(private readonly memory: WebAssembly.Memory) {}

  /** The JsBuffer over `buffer`'s memory (the same object for the same buffer). */
  buffer(buffer: BackendBuffer): JsBuffer {
    let window = this.windows.get(buffer);
    if (window === undefined) {
      if (!(buffer instanceof WasmBuffer)) {
        throw new TypeError(
          `wasm backend: expected a buffer created by the wasm backend, got a foreign ${buffer.dtype} buffer ` +
            `of ${buffer.size} elements`,
        );
      }
      window = new JsBuffer(buffer.dtype, memoryView(this.memory, buffer.dtype, buffer.ptr, buffer.size));
      this.windows.set(buffer, window);
    }
    return window;
  }

  /** The same view, over the JsBuffer window of its buffer. */
  view(view: StridedView): StridedView {
    return { buffer: this.buffer(view.buffer), shape: view.shape, strides: view.strides, offset: view.offset };
  }
}
