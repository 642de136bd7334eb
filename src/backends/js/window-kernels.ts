/**
 * Sliding windows of 2-d convolution and pooling: im2col and its adjoint col2im (see
 * WindowGeometry2d in contract.ts for where window q, tap t reads).
 *
 * Shape legend: x [N, C, H, W] (any strides); cols [N, C, K, Q], K = kH·kW taps, Q = oH·oW
 * windows, contiguous. The reference implementation: one pass per (plane, tap, output row), the
 * input column of each window computed directly.
 */

import type { DType, StridedView, WindowGeometry2d } from '../contract.js';
import { dataOf, JsBuffer, newDataArray } from './js-buffer.js';

/** The input row read by output row `qy` at tap row `ty`. */
function inputRow(g: WindowGeometry2d, qy: number, ty: number): number {
  return qy * g.stride[0] + ty * g.dilation[0] - g.padding[0];
}

/** The input column read by output column `qx` at tap column `tx`. */
function inputColumn(g: WindowGeometry2d, qx: number, tx: number): number {
  return qx * g.stride[1] + tx * g.dilation[1] - g.padding[1];
}

/** cols[n, c, t, q] = x[n, c, at(t, q)], or padValue outside x. */
export function im2colKernel(x: StridedView, g: WindowGeometry2d, padValue: number, dtype: DType): JsBuffer {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [sn, sc, sh, sw] = x.strides as [number, number, number, number];
  const [kh, kw] = g.kernel;
  const [oh, ow] = g.output;
  const q = oh * ow;
  const xData = dataOf(x.buffer);
  const out = newDataArray(dtype, n * c * kh * kw * q);
  let at = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const base = x.offset + Math.floor(plane / c) * sn + (plane % c) * sc;
    for (let ty = 0; ty < kh; ty++) {
      for (let tx = 0; tx < kw; tx++) {
        for (let qy = 0; qy < oh; qy++) {
          const iy = inputRow(g, qy, ty);
          const rowInside = iy >= 0 && iy < h;
          for (let qx = 0; qx < ow; qx++) {
            const ix = inputColumn(g, qx, tx);
            out[at++] = rowInside && ix >= 0 && ix < w ? xData[base + iy * sh + ix * sw]! : padValue;
          }
        }
      }
    }
  }
  return new JsBuffer(dtype, out);
}

/** x[n, c, p] = Σ over (t, q) that read p of cols[n, c, t, q]; zero where no window reads. */
export function col2imKernel(cols: StridedView, g: WindowGeometry2d, inputSize: readonly [number, number], dtype: DType): JsBuffer {
  const [n, c] = cols.shape as [number, number];
  const [sn, sc, sk, sq] = cols.strides as [number, number, number, number];
  const [h, w] = inputSize;
  const [kh, kw] = g.kernel;
  const [oh, ow] = g.output;
  const colData = dataOf(cols.buffer);
  const out = newDataArray(dtype, n * c * h * w);
  for (let plane = 0; plane < n * c; plane++) {
    const base = cols.offset + Math.floor(plane / c) * sn + (plane % c) * sc;
    const target = plane * h * w;
    for (let ty = 0; ty < kh; ty++) {
      for (let tx = 0; tx < kw; tx++) {
        const tapBase = base + (ty * kw + tx) * sk;
        for (let qy = 0; qy < oh; qy++) {
          const iy = inputRow(g, qy, ty);
          if (iy < 0 || iy >= h) continue;
          for (let qx = 0; qx < ow; qx++) {
            const ix = inputColumn(g, qx, tx);
            if (ix >= 0 && ix < w) out[target + iy * w + ix]! += colData[tapBase + (qy * ow + qx) * sq]!;
          }
        }
      }
    }
  }
  return new JsBuffer(dtype, out);
}
