import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  atLeast1d,
  axisLines,
  contiguousStrides,
  elementOffsets,
  isContiguous,
  sizeOf,
  stridedOffsets,
} from '../../src/backends/js/strided.js';
import { js } from './js-helpers.js';

const buffer = js.allocate('float32', 24);
const v = (shape: number[], strides: number[], offset = 0) => ({ buffer, shape, strides, offset });

describe('strided helpers', () => {
  it('sizeOf and contiguousStrides follow row-major rules', () => {
    assert.equal(sizeOf([]), 1);
    assert.equal(sizeOf([2, 0, 3]), 0);
    assert.deepEqual(contiguousStrides([2, 3, 4]), [12, 4, 1]);
    assert.deepEqual(contiguousStrides([]), []);
  });

  it('isContiguous ignores size-1 dimensions and empty views', () => {
    assert.ok(isContiguous(v([2, 3], [3, 1], 5)));
    assert.ok(isContiguous(v([2, 1, 3], [3, 99, 1])));
    assert.ok(isContiguous(v([], [])));
    assert.ok(isContiguous(v([0, 3], [0, 0])));
    assert.ok(!isContiguous(v([3, 2], [1, 3])));
    assert.ok(!isContiguous(v([3], [-1], 2)));
    assert.ok(!isContiguous(v([2, 3], [0, 1])));
  });

  it('stridedOffsets lists positions in row-major order', () => {
    assert.deepEqual(Array.from(stridedOffsets([2, 2], [1, 2], 5)), [5, 7, 6, 8]);
    assert.deepEqual(Array.from(stridedOffsets([3], [-1], 2)), [2, 1, 0]);
    assert.deepEqual(Array.from(stridedOffsets([2, 3], [0, 1], 1)), [1, 2, 3, 1, 2, 3]);
    assert.deepEqual(Array.from(stridedOffsets([2, 2, 2], [4, 2, 1], 0)), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(Array.from(stridedOffsets([], [], 4)), [4]);
    assert.deepEqual(Array.from(stridedOffsets([3, 0], [1, 1], 0)), []);
  });

  it('elementOffsets is null exactly for contiguous views', () => {
    assert.equal(elementOffsets(v([2, 3], [3, 1], 2)), null);
    assert.deepEqual(Array.from(elementOffsets(v([2, 2], [1, 2])) ?? []), [0, 2, 1, 3]);
  });

  it('axisLines gives line starts, length and step; atLeast1d lifts 0-d views', () => {
    const lines = axisLines([2, 3], [3, 1], 1, 0);
    assert.deepEqual(Array.from(lines.starts), [1, 2, 3]);
    assert.equal(lines.length, 2);
    assert.equal(lines.step, 3);
    const lifted = atLeast1d(v([], [], 7));
    assert.deepEqual([lifted.shape, lifted.strides, lifted.offset], [[1], [0], 7]);
  });
});
