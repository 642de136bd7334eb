/**
 * The int8 convolution kernel: im2col on int8 values, then the int8 matrix product and the
 * rescale to float (quantized-layer.ts). Padding is filled with the input's zero point, the int8
 * code of 0.0, so a padded tap contributes (zx − zx)·w = 0 as the float convolution's zeros do.
 *
 * Shape legend: N batch, C input channels, O output channels, G groups, H×W input, oH×oW output,
 * Q = oH·oW output positions, K = (C/G)·kH·kW taps per output channel.
 *   x [N, C, H, W] int8 → columns [Q, K] per (n, g) → · weight_gᵀ [K, O/G] → y [N, O, oH, oW] float32
 * A 1-d convolution is the case H = kH = 1.
 */
import { MAX_INT8_INNER } from './int8-gemm.js';
import { int8Matmul } from './int8-gemm-wasm.js';
import { type PreparedInt8, rescaleInt32 } from './quantized-layer.js';
import { ShapeError } from '../core/index.js';

/** Sizes of one convolution, every spatial value as (height, width). */
export interface Int8ConvGeometry {
  readonly batch: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly groups: number;
  readonly input: readonly [number, number];
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly dilation: readonly [number, number];
  /** Zeros before (top, left) and after (bottom, right). */
  readonly padBefore: readonly [number, number];
  readonly padAfter: readonly [number, number];
}

/** Output (oH, oW) of a geometry. @throws ShapeError when the kernel does not fit the padded input. */
export function convOutputSize(g: Int8ConvGeometry, op: string): [number, number] {
  const size = [0, 1].map((d) => {
    const span = g.dilation[d]! * (g.kernel[d]! - 1) + 1;
    const padded = g.input[d]! + g.padBefore[d]! + g.padAfter[d]!;
    if (padded < span) throw new ShapeError(`${op}: the kernel spans ${span} but the padded input has ${padded} along spatial dimension ${d}`);
    return Math.floor((padded - span) / g.stride[d]!) + 1;
  });
  return [size[0]!, size[1]!];
}

/**
 * y = conv(x, w) + b in int8 arithmetic.
 *
 * @param x [N, C, H, W] int8 input in the prepared input format.
 * @param p The layer's prepared weights ([O, K] int8).
 * @param g The geometry.
 * @param op Name for messages.
 * @returns y [N, O, oH, oW] as float32 values, and (oH, oW).
 */
export function int8Conv2d(x: Int8Array, p: PreparedInt8, g: Int8ConvGeometry, op: string): { values: Float32Array; outSize: [number, number] } {
  const [oh, ow] = convOutputSize(g, op);
  const [h, w] = g.input;
  const [kh, kw] = g.kernel;
  const cPerGroup = g.inChannels / g.groups;
  const oPerGroup = g.outChannels / g.groups;
  const k = cPerGroup * kh * kw;
  if (k > MAX_INT8_INNER) throw new ShapeError(`${op}: ${k} taps per output channel exceed the int32-safe ${MAX_INT8_INNER}`);
  const q = oh * ow;
  const columns = new Int8Array(q * k);
  const acc = new Int32Array(q * oPerGroup);
  const out = new Float32Array(g.batch * g.outChannels * q);
  const zero = p.input.zeroPoint;
  for (let n = 0; n < g.batch; n++) {
    for (let group = 0; group < g.groups; group++) {
      // columns[pos, (c·kH + i)·kW + j] = x[n, group·C/G + c, y·sH − pT + i·dH, x·sW − pL + j·dW]
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          let at = (oy * ow + ox) * k;
          for (let c = 0; c < cPerGroup; c++) {
            const plane = (n * g.inChannels + group * cPerGroup + c) * h * w;
            for (let i = 0; i < kh; i++) {
              const iy = oy * g.stride[0] - g.padBefore[0] + i * g.dilation[0];
              const inRows = iy >= 0 && iy < h;
              for (let j = 0; j < kw; j++) {
                const ix = ox * g.stride[1] - g.padBefore[1] + j * g.dilation[1];
                columns[at++] = inRows && ix >= 0 && ix < w ? x[plane + iy * w + ix]! : zero;
              }
            }
          }
        }
      }
      const weights = p.weight.subarray(group * oPerGroup * k, (group + 1) * oPerGroup * k);
      int8Matmul(columns, weights, q, oPerGroup, k, acc);
      rescaleInt32(acc, q, oPerGroup, p, out, n * g.outChannels * q, 1, q, group * oPerGroup);
    }
  }
  return { values: out, outSize: [oh, ow] };
}
