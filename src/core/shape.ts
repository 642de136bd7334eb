/**
 * Shape arithmetic: sizes, row-major strides, NumPy broadcasting and axis normalisation.
 * Pure functions on number arrays; no tensors here.
 */
import { formatShape, ShapeError, ValueError } from './errors.js';

/** A tensor's dimensions, outermost first. `[]` is a scalar. */
export type Shape = readonly number[];

/** Number of elements in a tensor of this shape (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

/** Row-major (C-order) strides for a shape. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i] ?? 1;
  }
  return strides;
}

/** True when `strides` walk `shape` in row-major order with no gaps (size-1 dims may have any stride). */
export function isContiguous(shape: Shape, strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const dim = shape[i] ?? 1;
    if (dim === 0) return true;
    if (dim !== 1 && strides[i] !== expected) return false;
    expected *= dim;
  }
  return true;
}

/** Checks that every entry is a non-negative integer. */
export function assertShape(op: string, argument: string, shape: unknown): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
    throw new ShapeError(`${op}: ${argument} must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  return shape as number[];
}

/** The shape two shapes broadcast to under NumPy rules; throws a ShapeError naming the op. */
export function broadcastShapes(op: string, a: Shape, b: Shape, names: readonly [string, string] = ['a', 'b']): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: shapes cannot be broadcast together: ${names[0]} is ${formatShape(a)}, ${names[1]} is ${formatShape(b)}`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Resolves a possibly negative axis against a rank; throws when out of range. */
export function normalizeAxis(op: string, axis: number, rank: number, argument = 'axis'): number {
  if (!Number.isInteger(axis)) throw new ValueError(`${op}: ${argument} must be an integer, got ${axis}`);
  const resolved = axis < 0 ? axis + rank : axis;
  if (resolved < 0 || resolved >= rank) {
    const range = rank === 0 ? 'none (the tensor is a scalar)' : `[${-rank}, ${rank - 1}]`;
    throw new ShapeError(`${op}: ${argument} ${axis} is out of range for a tensor of rank ${rank}; valid: ${range}`);
  }
  return resolved;
}

/**
 * Resolves an axis argument to sorted unique non-negative axes. `undefined` means every axis.
 * Throws on a repeated axis.
 */
export function normalizeAxes(op: string, axis: number | readonly number[] | undefined, rank: number): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  const resolved = list.map((a) => normalizeAxis(op, a, rank));
  const unique = [...new Set(resolved)].sort((x, y) => x - y);
  if (unique.length !== resolved.length) throw new ValueError(`${op}: axis lists an axis twice: ${JSON.stringify(list)}`);
  return unique;
}

/** True when two shapes are equal. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
