/**
 * The JS backend: the kernel contract in plain TypeScript loops. It is the executable spec
 * (DESIGN.md, principle 4): faster backends must match it and run the same conformance tests.
 *
 * Shape legend: see each kernel file; this class only routes calls and owns buffer lifetimes.
 */

import type {
  AdamUpdateHyper,
  ArgReduceOp,
  BackendBuffer,
  BinaryOp,
  DataArray,
  DType,
  KernelBackend,
  RandomDistribution,
  RandomStream,
  ReduceOp,
  StridedView,
  UnaryOp,
  WindowGeometry2d,
} from '../contract.js';
import { binaryKernel, whereKernel } from './binary-kernels.js';
import { copyIntoKernel, copyKernel } from './copy-kernels.js';
import { gatherKernel, scatterAddKernel } from './index-kernels.js';
import { dataOf, JsBuffer, newDataArray } from './js-buffer.js';
import { matmulKernel } from './matmul-kernel.js';
import { normalDraws, uniformDraws } from './philox.js';
import { argReduceKernel, cumsumKernel, reduceKernel } from './reduce-kernels.js';
import { softmaxKernel } from './softmax-kernel.js';
import { adamUpdateKernel } from './adam-kernel.js';
import { sortKernel } from './sort-kernel.js';
import { unaryKernel } from './unary-kernels.js';
import { col2imKernel, im2colKernel } from './window-kernels.js';

/**
 * Reference implementation of {@link KernelBackend} on typed arrays; runs anywhere JS runs.
 *
 * @example
 * const js = new JsBackend();
 * const x = js.upload('float32', new Float32Array([1, 4, 9]));
 * const y = js.unary('sqrt', { buffer: x, shape: [3], strides: [1], offset: 0 }, 'float32');
 * js.readSync(y); // Float32Array [1, 2, 3]
 */
export class JsBackend implements KernelBackend {
  readonly name = 'js';

  // ── memory ──────────────────────────────────────────────────────────────────────────────────

  allocate(dtype: DType, size: number): BackendBuffer {
    return new JsBuffer(dtype, newDataArray(dtype, size));
  }

  upload(dtype: DType, data: DataArray): BackendBuffer {
    // Copy through a fresh array of the right kind, so a caller that reuses `data` cannot change
    // the tensor behind our back.
    const copy = newDataArray(dtype, data.length);
    if (dtype === 'bool') for (let i = 0; i < data.length; i++) copy[i] = data[i] !== 0 ? 1 : 0;
    else copy.set(data);
    return new JsBuffer(dtype, copy);
  }

  fill(dtype: DType, size: number, value: number): BackendBuffer {
    const data = newDataArray(dtype, size);
    data.fill(dtype === 'bool' ? (value !== 0 ? 1 : 0) : value);
    return new JsBuffer(dtype, data);
  }

  readSync(buffer: BackendBuffer): DataArray {
    return dataOf(buffer);
  }

  read(buffer: BackendBuffer): Promise<DataArray> {
    return Promise.resolve(this.readSync(buffer));
  }

  release(buffer: BackendBuffer): void {
    // Drop the only reference to the elements so the garbage collector can take them; the empty
    // array keeps later (buggy) reads from crashing on undefined.
    if (buffer instanceof JsBuffer) buffer.data = newDataArray(buffer.dtype, 0);
  }

  // ── movement ────────────────────────────────────────────────────────────────────────────────

  copy(x: StridedView, dtype: DType): BackendBuffer {
    return copyKernel(x, dtype);
  }

  copyInto(dst: StridedView, src: StridedView): void {
    copyIntoKernel(dst, src);
  }

  // ── elementwise ─────────────────────────────────────────────────────────────────────────────

  unary(op: UnaryOp, x: StridedView, dtype: DType): BackendBuffer {
    return unaryKernel(op, x, dtype);
  }

  binary(op: BinaryOp, a: StridedView, b: StridedView, dtype: DType): BackendBuffer {
    return binaryKernel(op, a, b, dtype);
  }

  where(cond: StridedView, a: StridedView, b: StridedView, dtype: DType): BackendBuffer {
    return whereKernel(cond, a, b, dtype);
  }

  // ── reductions and scans ────────────────────────────────────────────────────────────────────

  reduce(op: ReduceOp, x: StridedView, axes: readonly number[], dtype: DType): BackendBuffer {
    return reduceKernel(op, x, axes, dtype);
  }

  argReduce(op: ArgReduceOp, x: StridedView, axis: number): BackendBuffer {
    return argReduceKernel(op, x, axis);
  }

  cumsum(x: StridedView, axis: number, dtype: DType): BackendBuffer {
    return cumsumKernel(x, axis, dtype);
  }

  softmax(x: StridedView, axis: number, log: boolean, dtype: DType): BackendBuffer {
    return softmaxKernel(x, axis, log, dtype);
  }

  sort(x: StridedView, axis: number, descending: boolean): { values: BackendBuffer; indices: BackendBuffer } {
    return sortKernel(x, axis, descending);
  }

  // ── linear algebra ──────────────────────────────────────────────────────────────────────────

  matmul(a: StridedView, b: StridedView, dtype: DType): BackendBuffer {
    return matmulKernel(a, b, dtype);
  }

  // ── indexing ────────────────────────────────────────────────────────────────────────────────

  gather(x: StridedView, axis: number, index: StridedView): BackendBuffer {
    return gatherKernel(x, axis, index);
  }

  scatterAdd(base: StridedView, axis: number, index: StridedView, src: StridedView): BackendBuffer {
    return scatterAddKernel(base, axis, index, src);
  }

  // ── sliding windows ─────────────────────────────────────────────────────────────────────────

  im2col(x: StridedView, geometry: WindowGeometry2d, padValue: number, dtype: DType): BackendBuffer {
    return im2colKernel(x, geometry, padValue, dtype);
  }

  col2im(cols: StridedView, geometry: WindowGeometry2d, inputSize: readonly [number, number], dtype: DType): BackendBuffer {
    return col2imKernel(cols, geometry, inputSize, dtype);
  }

  // ── optimisers ──────────────────────────────────────────────────────────────────────────────

  adamUpdate(
    param: StridedView, grad: StridedView, expAvg: StridedView, expAvgSq: StridedView, hyper: AdamUpdateHyper, dtype: DType,
  ): readonly [BackendBuffer, BackendBuffer, BackendBuffer] {
    return adamUpdateKernel(param, grad, expAvg, expAvgSq, hyper, dtype);
  }

  // ── random ──────────────────────────────────────────────────────────────────────────────────

  random(distribution: RandomDistribution, dtype: DType, size: number, stream: RandomStream): BackendBuffer {
    const draws = distribution === 'normal' ? normalDraws(dtype, size, stream) : uniformDraws(dtype, size, stream);
    // Draws are exact in float32 (uniform) or rounded once here (normal); see contract.ts.
    const data = newDataArray(dtype, size);
    data.set(draws);
    return new JsBuffer(dtype, data);
  }
}
