/**
 * Elementwise functions of one argument.
 *
 * Shape legend: `x` is a view of any shape `S` (0-d and empty included); the result is a fresh
 * row-major buffer of shape `S` in the requested dtype.
 *
 * Math is done in doubles and rounded to the output dtype on store (see contract.ts); special
 * values follow PyTorch (NaN propagates through relu and sign, round is half-to-even).
 */

import type { DType, StridedView, UnaryOp } from '../contract.js';
import { erf } from './erf.js';
import { dataOf, JsBuffer, newDataArray } from './js-buffer.js';
import { elementOffsets, sizeOf } from './strided.js';

/** A scalar function applied elementwise. */
export type UnaryFn = (x: number) => number;

/** Round half to even (banker's rounding), as torch.round and numpy.round do. */
export function roundHalfEven(x: number): number {
  // Math.round rounds ties up; a tie is exactly when the rounded value is x + 0.5 (exact for
  // |x| < 2⁵², and larger doubles are integers already). Move odd results down to the even one.
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The logistic function 1/(1 + e^(−x)), written so that e^(±x) never overflows. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** The scalar definition of every unary op. */
export const UNARY_FNS: Readonly<Record<UnaryOp, UnaryFn>> = {
  neg: (x) => -x,
  abs: Math.abs,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid,
  // `x <= 0 ? 0 : x` sends NaN to NaN (the comparison is false) and −0 to 0, like torch.relu.
  relu: (x) => (x <= 0 ? 0 : x),
  erf,
  // Not Math.sign: torch.sign(−0) is 0, and NaN stays NaN.
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN),
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  // NaN is truthy in PyTorch (bool(nan) is True), so only ±0 is false.
  logicalNot: (x) => (x === 0 ? 1 : 0),
};

/** `op` applied to every element of `x`, stored in `dtype`. */
export function unaryKernel(op: UnaryOp, x: StridedView, dtype: DType): JsBuffer {
  const fn = UNARY_FNS[op];
  const n = sizeOf(x.shape);
  const out = newDataArray(dtype, n);
  const xData = dataOf(x.buffer);
  const xOffsets = elementOffsets(x);
  // A Uint8Array would keep 2 as 2; bool outputs store `value != 0`.
  const f: UnaryFn = dtype === 'bool' ? (v) => (fn(v) !== 0 ? 1 : 0) : fn;
  if (xOffsets === null) {
    const start = x.offset;
    for (let i = 0; i < n; i++) out[i] = f(xData[start + i]!);
  } else {
    for (let i = 0; i < n; i++) out[i] = f(xData[xOffsets[i]!]!);
  }
  return new JsBuffer(dtype, out);
}
