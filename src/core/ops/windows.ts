/**
 * Sliding windows (primitives): im2col gathers every window of a 2-d input, col2im sums windows
 * back onto the input grid. Each is the other's gradient (col2im is im2col's adjoint), so the
 * convolution and pooling layers built on them (src/nn/functional-conv.ts) get their backward
 * passes from autograd, and a backend may give both a fast kernel of its own.
 *
 * Shape legend: x [N, C, H, W]; cols [N, C, K, Q] with K = kH·kW kernel taps (row-major) and
 * Q = oH·oW windows (row-major); window (qy, qx) at tap (ty, tx) reads x at
 * (qy·stride₀ + ty·dilation₀ − padding₀, qx·stride₁ + tx·dilation₁ − padding₁), or the pad value
 * where that lies outside x.
 */
import type { WindowGeometry2d } from '../../backends/contract.js';
import { record } from '../autograd.js';
import { formatShape, ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { assertFloat, assertTensor, wrap } from './operand.js';

export type { WindowGeometry2d } from '../../backends/contract.js';

function checkGeometry(op: string, g: WindowGeometry2d): void {
  const fields: [string, readonly number[], number][] = [
    ['kernel', g.kernel, 1],
    ['stride', g.stride, 1],
    ['dilation', g.dilation, 1],
    ['padding', g.padding, 0],
    ['output', g.output, 0],
  ];
  for (const [name, pair, min] of fields) {
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => Number.isSafeInteger(v) && v >= min)) {
      throw new ValueError(`${op}: geometry.${name} must be two integers >= ${min}, got ${JSON.stringify(pair)}`);
    }
  }
}

function checkRank4(op: string, argument: string, t: Tensor, form: string): void {
  if (t.rank !== 4) throw new ShapeError(`${op}: ${argument} must be ${form}, got ${formatShape(t.shape)}`);
}

/**
 * Every window of x (im2col): [N, C, H, W] → [N, C, kH·kW, oH·oW], positions outside x read
 * `padValue` (0 for convolution and average pooling, −∞ for max pooling).
 *
 * @throws ShapeError when x is not 4-d; ValueError for a malformed geometry; DTypeError for a
 *   non-float x.
 * @example
 * const g = { kernel: [2, 2], stride: [1, 1], dilation: [1, 1], padding: [0, 0], output: [1, 1] } as const;
 * im2col(tensor([[[[1, 2], [3, 4]]]]), g); // [[[[1], [2], [3], [4]]]]
 */
export function im2col(x: Tensor, geometry: WindowGeometry2d, padValue = 0): Tensor {
  assertTensor('im2col', 'x', x);
  assertFloat('im2col', 'x', x);
  checkRank4('im2col', 'x', x, '[N, C, H, W]');
  checkGeometry('im2col', geometry);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const k = geometry.kernel[0] * geometry.kernel[1];
  const q = geometry.output[0] * geometry.output[1];
  const out = wrap(x.backend, x.backend.im2col(x.view(), geometry, padValue, x.dtype), [n, c, k, q]);
  return record('im2col', out, [x], (g) => [col2im(g, geometry, [h, w])]);
}

/**
 * The adjoint of {@link im2col} (col2im): sums cols [N, C, kH·kW, oH·oW] onto an [N, C, H, W]
 * grid at the positions im2col reads them from; entries at padded positions are dropped.
 *
 * @throws ShapeError when cols is not [N, C, kH·kW, oH·oW] for the geometry; ValueError for a
 *   malformed geometry or input size; DTypeError for non-float cols.
 * @example
 * const g = { kernel: [1, 2], stride: [1, 1], dilation: [1, 1], padding: [0, 0], output: [1, 2] } as const;
 * col2im(ones([1, 1, 2, 2]), g, [1, 3]); // [[[[1, 2, 1]]]]
 */
export function col2im(cols: Tensor, geometry: WindowGeometry2d, inputSize: readonly [number, number]): Tensor {
  assertTensor('col2im', 'cols', cols);
  assertFloat('col2im', 'cols', cols);
  checkGeometry('col2im', geometry);
  if (!Array.isArray(inputSize) || inputSize.length !== 2 || !inputSize.every((v) => Number.isSafeInteger(v) && v >= 0)) {
    throw new ValueError(`col2im: inputSize must be two integers >= 0, got ${JSON.stringify(inputSize)}`);
  }
  const k = geometry.kernel[0] * geometry.kernel[1];
  const q = geometry.output[0] * geometry.output[1];
  checkRank4('col2im', 'cols', cols, `[N, C, ${k}, ${q}]`);
  if (cols.shape[2] !== k || cols.shape[3] !== q) {
    throw new ShapeError(`col2im: cols must be [N, C, ${k}, ${q}] for kernel ${formatShape(geometry.kernel)} and output ${formatShape(geometry.output)}, got ${formatShape(cols.shape)}`);
  }
  const [n, c] = cols.shape as [number, number];
  const out = wrap(cols.backend, cols.backend.col2im(cols.view(), geometry, inputSize, cols.dtype), [n, c, ...inputSize]);
  return record('col2im', out, [cols], (g) => [im2col(g, geometry, 0)]);
}
