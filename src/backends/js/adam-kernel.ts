/**
 * The fused Adam update (KernelBackend.adamUpdate) on the JS backend: one loop over the four
 * arrays instead of about ten elementwise ops and their temporaries. For float32 every operation is
 * rounded with Math.fround in the composite's order, so the result is bit for bit the composite's
 * (and the wasm kernel's); float64 needs no rounding.
 */

import type { AdamUpdateHyper, DType, StridedView } from '../contract.js';
import { dataOf, JsBuffer, newDataArray } from './js-buffer.js';
import { stridedOffsets } from './strided.js';

const identity = (x: number): number => x;

/** [p′, m′, v′] as contiguous buffers of `dtype`; see the contract for the arithmetic. */
export function adamUpdateKernel(
  param: StridedView, grad: StridedView, expAvg: StridedView, expAvgSq: StridedView, hyper: AdamUpdateHyper, dtype: DType,
): [JsBuffer, JsBuffer, JsBuffer] {
  const r = dtype === 'float32' ? Math.fround : identity;
  const offsets = [param, grad, expAvg, expAvgSq].map((v) => stridedOffsets(v.shape, v.strides, v.offset));
  const [po, go, mo, vo] = offsets as [Int32Array, Int32Array, Int32Array, Int32Array];
  const [p, g, m, v] = [param, grad, expAvg, expAvgSq].map((x) => dataOf(x.buffer));
  const n = po.length;
  const outP = newDataArray(dtype, n);
  const outM = newDataArray(dtype, n);
  const outV = newDataArray(dtype, n);
  const decay = r(hyper.decay);
  const wd = r(hyper.weightDecay);
  const b1 = r(hyper.beta1);
  const omb1 = r(1 - hyper.beta1);
  const b2 = r(hyper.beta2);
  const omb2 = r(1 - hyper.beta2);
  const stepSize = r(hyper.stepSize);
  const bc2 = r(hyper.biasCorrection2Sqrt);
  const eps = r(hyper.eps);
  for (let i = 0; i < n; i++) {
    const pi = p![po[i]!]!;
    const gi = wd === 0 ? g![go[i]!]! : r(g![go[i]!]! + r(pi * wd));
    const mi = r(r(m![mo[i]!]! * b1) + r(gi * omb1));
    const vi = r(r(v![vo[i]!]! * b2) + r(r(gi * omb2) * gi));
    const denom = r(r(r(Math.sqrt(vi)) / bc2) + eps);
    outP[i] = r(r(pi * decay) - r(r(mi * stepSize) / denom));
    outM[i] = mi;
    outV[i] = vi;
  }
  return [new JsBuffer(dtype, outP), new JsBuffer(dtype, outM), new JsBuffer(dtype, outV)];
}
