/**
 * Stable sort along one axis, returning the values and where they came from.
 *
 * Shape legend: `x` has shape `S`; each line along `axis` has `L` elements. Both outputs have
 * shape `S` (row-major): values in x's dtype, indices (int32) into the line, in 0 … L−1.
 *
 * Order (torch.sort(stable=True)): ascending puts NaN after +∞, descending puts NaN first; equal
 * elements (−0 and 0 included) keep their original order in both directions.
 */

import type { StridedView } from '../contract.js';
import { dataOf, JsBuffer, newDataArray } from './js-buffer.js';
import { atLeast1d, axisLines, contiguousStrides } from './strided.js';

/** Sorted values and int32 source indices along `axis`. */
export function sortKernel(
  x: StridedView,
  axis: number,
  descending: boolean,
): { values: JsBuffer; indices: JsBuffer } {
  const v1 = atLeast1d(x);
  const src = axisLines(v1.shape, v1.strides, v1.offset, axis);
  const dst = axisLines(v1.shape, contiguousStrides(v1.shape), 0, axis);
  const data = dataOf(x.buffer);
  const dtype = x.buffer.dtype;
  const values = newDataArray(dtype, src.starts.length * src.length);
  const indices = new Int32Array(values.length);

  const line = new Float64Array(src.length);
  const order = new Array<number>(src.length);
  const sign = descending ? -1 : 1;
  // Ties fall back to the index, so the result is stable whatever the engine's sort does.
  const compare = (i: number, j: number): number => {
    const a = line[i]!;
    const b = line[j]!;
    const aNaN = a !== a;
    const bNaN = b !== b;
    if (aNaN || bNaN) {
      if (aNaN && bNaN) return i - j;
      // NaN is the largest value: last ascending, first descending.
      return (aNaN ? 1 : -1) * sign;
    }
    if (a < b) return -sign;
    if (a > b) return sign;
    return i - j;
  };

  for (let o = 0; o < src.starts.length; o++) {
    for (let i = 0, p = src.starts[o]!; i < src.length; i++, p += src.step) {
      line[i] = data[p]!;
      order[i] = i;
    }
    order.sort(compare);
    for (let i = 0, q = dst.starts[o]!; i < src.length; i++, q += dst.step) {
      const from = order[i]!;
      values[q] = line[from]!;
      indices[q] = from;
    }
  }
  return { values: new JsBuffer(dtype, values), indices: new JsBuffer('int32', indices) };
}
