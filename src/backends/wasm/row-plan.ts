/**
 * How the SIMD binary kernels walk an operand: as rows of a contiguous output.
 *
 * Shape legend: the output has shape `S` (rank R) and is split at dimension d into `rows` =
 * Π S[0…d−1] rows of `len` = Π S[d…R−1] elements. An operand is walkable when, for that split, row
 * r starts at `offset + r·rowStride` and its elements step by `inner` ∈ {0, 1}:
 * - whole contiguous array: rowStride = len, inner = 1
 * - a single value (scalar broadcast): rowStride 0, inner 0
 * - one row repeated over the leading dims (a bias): rowStride 0, inner 1
 * - one value per row (a keepdim reduction broadcast back): rowStride 1, inner 0
 * Anything else (transposed or sliced views) goes to the JS fallback.
 */

import type { StridedView } from '../contract.js';

/** Walk of one operand; see the file legend. */
export interface OperandWalk {
  readonly rowStride: number;
  readonly inner: 0 | 1;
}

/** A split of the output shape that both operands can be walked with. */
export interface RowPlan {
  readonly rows: number;
  readonly len: number;
  readonly a: OperandWalk;
  readonly b: OperandWalk;
}

/** True when dims [from, to) are row-major contiguous (size-1 dims ignored). */
function isRowMajor(shape: readonly number[], strides: readonly number[], from: number, to: number): boolean {
  let expected = 1;
  for (let d = to - 1; d >= from; d--) {
    const n = shape[d]!;
    if (n !== 1 && strides[d] !== expected) return false;
    expected *= n;
  }
  return true;
}

/** True when dims [from, to) all have stride 0 (size-1 dims ignored). */
function isRepeated(shape: readonly number[], strides: readonly number[], from: number, to: number): boolean {
  for (let d = from; d < to; d++) if (shape[d] !== 1 && strides[d] !== 0) return false;
  return true;
}

function product(shape: readonly number[], from: number, to: number): number {
  let n = 1;
  for (let d = from; d < to; d++) n *= shape[d]!;
  return n;
}

function walkAt(view: StridedView, split: number, len: number): OperandWalk | null {
  const { shape, strides } = view;
  const rank = shape.length;
  const leadZero = isRepeated(shape, strides, 0, split);
  const trailZero = isRepeated(shape, strides, split, rank);
  if (leadZero && trailZero) return { rowStride: 0, inner: 0 };
  if (trailZero && isRowMajor(shape, strides, 0, split)) return { rowStride: 1, inner: 0 };
  if (isRowMajor(shape, strides, split, rank)) {
    if (leadZero) return { rowStride: 0, inner: 1 };
    if (isRowMajor(shape, strides, 0, rank)) return { rowStride: len, inner: 1 };
  }
  return null;
}

/**
 * The split with the longest rows that walks both operands, or null when there is none.
 * Only the operands' strides matter: offsets are added by the caller.
 */
export function planRows(a: StridedView, b: StridedView): RowPlan | null {
  const shape = a.shape;
  const rank = shape.length;
  for (let split = 0; split <= rank; split++) {
    const len = product(shape, split, rank);
    const wa = walkAt(a, split, len);
    if (wa === null) continue;
    const wb = walkAt(b, split, len);
    if (wb === null) continue;
    return { rows: product(shape, 0, split), len, a: wa, b: wb };
  }
  return null;
}
