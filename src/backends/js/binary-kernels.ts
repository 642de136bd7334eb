/**
 * Elementwise functions of two arguments, and the ternary select `where`.
 *
 * Shape legend: `a`, `b` (and `cond`) are views already broadcast to one shape `S` (broadcast
 * dimensions have stride 0); the result is a fresh row-major buffer of shape `S`.
 *
 * Math is done in doubles and rounded to the output dtype on store. Integer outputs wrap like
 * int32 (the typed-array store does ToInt32); `mul` uses Math.imul because a double product of two
 * int32 can exceed 2⁵³ and lose the low bits that wrapping keeps.
 */

import type { BinaryOp, DType, StridedView } from '../contract.js';
import { dataOf, JsBuffer, newDataArray } from './js-buffer.js';
import { allOffsets, elementOffsets, sizeOf } from './strided.js';

/** A scalar function applied pairwise. */
export type BinaryFn = (a: number, b: number) => number;

/** The scalar definition of every binary op (float semantics). */
export const BINARY_FNS: Readonly<Record<BinaryOp, BinaryFn>> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  // Core only asks for true division (float output), as torch.div does by default.
  div: (a, b) => a / b,
  // C's pow (which PyTorch follows) gives 1 for 1^y even when y is NaN, and for (−1)^±∞;
  // Math.pow gives NaN for both.
  pow: (a, b) => (a === 1 || (a === -1 && (b === Infinity || b === -Infinity)) ? 1 : Math.pow(a, b)),
  // Math.max/min return NaN when either argument is NaN, as torch.maximum/minimum do.
  maximum: Math.max,
  minimum: Math.min,
  // IEEE comparisons already give the PyTorch answers for NaN: only `ne` is true.
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  logicalAnd: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  logicalOr: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
};

/** The scalar function for `op` when the result is stored in `dtype`. */
function binaryFnFor(op: BinaryOp, dtype: DType): BinaryFn {
  if (dtype === 'int32' && op === 'mul') return Math.imul;
  const fn = BINARY_FNS[op];
  // A Uint8Array would keep 2 as 2 (bool + bool); bool outputs store `value != 0`.
  return dtype === 'bool' ? (a, b) => (fn(a, b) !== 0 ? 1 : 0) : fn;
}

/** `op(a, b)` elementwise, stored in `dtype`. */
export function binaryKernel(op: BinaryOp, a: StridedView, b: StridedView, dtype: DType): JsBuffer {
  const f = binaryFnFor(op, dtype);
  const n = sizeOf(a.shape);
  const out = newDataArray(dtype, n);
  const aData = dataOf(a.buffer);
  const bData = dataOf(b.buffer);
  const aOffsets = elementOffsets(a);
  const bOffsets = elementOffsets(b);
  if (aOffsets === null && bOffsets === null) {
    const aStart = a.offset;
    const bStart = b.offset;
    for (let i = 0; i < n; i++) out[i] = f(aData[aStart + i]!, bData[bStart + i]!);
  } else if (isScalarBroadcast(b)) {
    // x ⊕ scalar, the most common broadcast, needs no offset table for the scalar.
    const bValue = n === 0 ? 0 : bData[b.offset]!;
    const aTable = aOffsets ?? allOffsets(a);
    for (let i = 0; i < n; i++) out[i] = f(aData[aTable[i]!]!, bValue);
  } else {
    const aTable = aOffsets ?? allOffsets(a);
    const bTable = bOffsets ?? allOffsets(b);
    for (let i = 0; i < n; i++) out[i] = f(aData[aTable[i]!]!, bData[bTable[i]!]!);
  }
  return new JsBuffer(dtype, out);
}

/** `cond ? a : b` elementwise (cond is nonzero, NaN counting as true), stored in `dtype`. */
export function whereKernel(cond: StridedView, a: StridedView, b: StridedView, dtype: DType): JsBuffer {
  const n = sizeOf(cond.shape);
  const out = newDataArray(dtype, n);
  const cData = dataOf(cond.buffer);
  const aData = dataOf(a.buffer);
  const bData = dataOf(b.buffer);
  const cTable = allOffsets(cond);
  const aTable = allOffsets(a);
  const bTable = allOffsets(b);
  const toBool = dtype === 'bool';
  for (let i = 0; i < n; i++) {
    const v = cData[cTable[i]!]! !== 0 ? aData[aTable[i]!]! : bData[bTable[i]!]!;
    out[i] = toBool ? (v !== 0 ? 1 : 0) : v;
  }
  return new JsBuffer(dtype, out);
}

/** True when every stride is 0: the view repeats one element. */
function isScalarBroadcast(view: StridedView): boolean {
  return view.strides.every((s) => s === 0);
}
