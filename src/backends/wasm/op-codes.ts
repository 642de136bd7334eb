/**
 * The numbering the AssemblyScript kernels use for ops (see kernels/elementwise.ts): the index of
 * an op in these lists is the `op` argument of `unaryF32`, `binaryF32` and `compareF32`.
 */

import type { BinaryOp, UnaryOp } from '../contract.js';

/** Unary ops with a float32 SIMD kernel, in kernel-code order. */
export const UNARY_CODES: ReadonlyMap<UnaryOp, number> = new Map<UnaryOp, number>([
  ['neg', 0],
  ['abs', 1],
  ['sqrt', 2],
  ['relu', 3],
  ['floor', 4],
  ['ceil', 5],
  ['round', 6],
  ['rsqrt', 7],
  ['exp', 8],
]);

/** Arithmetic binary ops with a float32 SIMD kernel, in kernel-code order. */
export const BINARY_CODES: ReadonlyMap<BinaryOp, number> = new Map<BinaryOp, number>([
  ['add', 0],
  ['sub', 1],
  ['mul', 2],
  ['div', 3],
  ['maximum', 4],
  ['minimum', 5],
]);

/** Comparisons of float32 operands (writing bool) with a SIMD kernel, in kernel-code order. */
export const COMPARE_CODES: ReadonlyMap<BinaryOp, number> = new Map<BinaryOp, number>([
  ['eq', 0],
  ['ne', 1],
  ['lt', 2],
  ['le', 3],
  ['gt', 4],
  ['ge', 5],
]);
