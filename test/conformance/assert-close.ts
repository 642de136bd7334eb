/**
 * Comparing Sprout tensors with plain-JS references: shape, dtype and values within a tolerance
 * (NaN matches NaN, infinities must match exactly).
 */
import assert from 'node:assert/strict';

import type { Tensor } from '../../src/index.js';
import type { RefTensor } from './reference.js';

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** The elements of a tensor in row-major order, as plain numbers (bool as 0/1). */
export function valuesOf(t: Tensor): number[] {
  return Array.from(t.dataSync());
}

/** A tensor's shape, dtype and values as a RefTensor. */
export function toRef(t: Tensor): RefTensor {
  return { shape: [...t.shape], dtype: t.dtype, data: valuesOf(t) };
}

/** True when `actual` is within tolerance of `expected` (NaN ≡ NaN; infinities exact). */
export function close(actual: number, expected: number, tol: Tolerance): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  if (!Number.isFinite(actual)) return false;
  return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected);
}

/** Asserts shape, dtype and values; the message says where the first mismatch is. */
export function assertMatches(actual: Tensor, expected: RefTensor, tol: Tolerance, context: string): void {
  assert.deepEqual([...actual.shape], [...expected.shape], `${context}: shape`);
  assert.equal(actual.dtype, expected.dtype, `${context}: dtype`);
  const got = valuesOf(actual);
  assert.equal(got.length, expected.shape.reduce((p, d) => p * d, 1), `${context}: element count`);
  if (expected.data === null) {
    const check = expected.check;
    if (check !== undefined) {
      got.forEach((v, i) => assert.ok(check.ok(v), `${context}: element ${i} = ${v} is not ${check.describe}`));
    }
    return;
  }
  const want: readonly number[] = expected.data;
  const exact = actual.dtype === 'int32' || actual.dtype === 'bool';
  for (let i = 0; i < got.length; i++) {
    const a: number = got[i]!;
    const e: number = want[i]!;
    const ok = exact ? a === e : close(a, e, tol);
    if (!ok) {
      assert.fail(
        `${context}: element ${i} is ${a}, expected ${e} (rtol ${tol.rtol}, atol ${tol.atol})\n` +
          `  got      ${JSON.stringify(got.slice(0, 24))}\n  expected ${JSON.stringify(want.slice(0, 24))}`,
      );
    }
  }
}
