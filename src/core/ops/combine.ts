/**
 * Joining and cutting tensors: concat and pad (primitives that copy into a new buffer, with the
 * slices of the output gradient as their gradients), and stack and split composed from them.
 */
import { record } from '../autograd.js';
import { coerceToDType, type DType, promoteTypes } from '../dtype.js';
import { formatShape, ShapeError, ValueError } from '../errors.js';
import { normalizeAxis, shapesEqual, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { getBackend } from '../backend-registry.js';
import { assertTensor, onBackend, wrap } from './operand.js';
import { narrow, unsqueeze } from './shape-ops.js';

/** Copies `source` into the region of `out` that starts at `starts`, walking `out`'s strides. */
function writeRegion(out: Tensor, source: Tensor, starts: readonly number[]): void {
  if (source.size === 0) return;
  const offset = starts.reduce((o, s, i) => o + s * out.strides[i]!, 0);
  const window = new Tensor(out.storage, source.shape, out.strides, offset);
  out.backend.copyInto(window.view(), source.view());
}

/**
 * Joins tensors along an existing axis. All must have the same rank and the same sizes off `axis`;
 * dtypes promote.
 *
 * @throws ShapeError naming the first tensor that does not fit.
 * @example
 * concat([zeros([2, 3]), ones([1, 3])], 0).shape; // [3, 3]
 */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors as unknown) || tensors.length === 0) throw new ValueError('concat: tensors must be a non-empty array of tensors');
  tensors.forEach((t, i) => assertTensor('concat', `tensors[${i}]`, t));
  const first = tensors[0]!;
  const a = normalizeAxis('concat', axis, first.rank);
  tensors.forEach((t, i) => {
    if (t.rank !== first.rank || t.shape.some((d, k) => k !== a && d !== first.shape[k])) {
      throw new ShapeError(
        `concat: tensors[${i}] is ${formatShape(t.shape)} but tensors[0] is ${formatShape(first.shape)}; they may differ only in axis ${a}`,
      );
    }
  });
  const dtype = tensors.map((t) => t.dtype).reduce<DType>((p, d) => promoteTypes(p, d), 'bool');
  const backend = tensors.every((t) => t.backend === first.backend) ? first.backend : getBackend();
  const inputs = tensors.map((t) => onBackend(t, backend));
  const shape = [...first.shape];
  shape[a] = inputs.reduce((s, t) => s + t.shape[a]!, 0);
  const out = wrap(backend, backend.allocate(dtype, sizeOf(shape)), shape);
  const starts = shape.map(() => 0);
  for (const t of inputs) {
    writeRegion(out, t.detach(), starts);
    starts[a]! += t.shape[a]!;
  }
  return record('concat', out, inputs, (g) => {
    let at = 0;
    return inputs.map((t) => {
      const part = narrow(g, a, at, t.shape[a]!);
      at += t.shape[a]!;
      return part;
    });
  });
}

/**
 * Joins same-shaped tensors along a new axis.
 *
 * @example
 * stack([zeros([3]), ones([3])], 0).shape; // [2, 3]
 */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors as unknown) || tensors.length === 0) throw new ValueError('stack: tensors must be a non-empty array of tensors');
  tensors.forEach((t, i) => assertTensor('stack', `tensors[${i}]`, t));
  const first = tensors[0]!;
  tensors.forEach((t, i) => {
    if (!shapesEqual(t.shape, first.shape)) {
      throw new ShapeError(`stack: tensors[${i}] is ${formatShape(t.shape)} but tensors[0] is ${formatShape(first.shape)}; all must match`);
    }
  });
  const at = normalizeAxis('stack', axis, first.rank + 1);
  return concat(tensors.map((t) => unsqueeze(t, at)), at);
}

/**
 * Cuts x along `axis` into pieces of `size` elements (the last may be smaller), or into pieces
 * of the listed sizes, which must add up to the axis length (torch.split). Pieces are views.
 *
 * @example
 * split(arange(5), 2).map((t) => t.toArray()); // [[0, 1], [2, 3], [4]]
 */
export function split(x: Tensor, sizeOrSizes: number | readonly number[], axis = 0): Tensor[] {
  assertTensor('split', 'x', x);
  const a = normalizeAxis('split', axis, x.rank);
  const length = x.shape[a]!;
  let sizes: number[];
  if (typeof sizeOrSizes === 'number') {
    if (!Number.isInteger(sizeOrSizes) || sizeOrSizes < 1) throw new ValueError(`split: size must be a positive integer, got ${sizeOrSizes}`);
    sizes = [];
    for (let at = 0; at < length; at += sizeOrSizes) sizes.push(Math.min(sizeOrSizes, length - at));
    // An empty axis still splits into one (empty) piece, as torch.split does.
    if (length === 0) sizes.push(0);
  } else {
    sizes = [...sizeOrSizes];
    const total = sizes.reduce((s, v) => s + v, 0);
    if (!sizes.every((v) => Number.isInteger(v) && v >= 0) || total !== length) {
      throw new ValueError(`split: sizes ${JSON.stringify(sizes)} must be non-negative integers adding up to ${length} (axis ${axis} of ${formatShape(x.shape)})`);
    }
  }
  let at = 0;
  return sizes.map((size) => {
    const piece = narrow(x, a, at, size);
    at += size;
    return piece;
  });
}

/**
 * Pads x with `value`: `pads[i] = [before, after]` elements for dimension i, one pair per dimension.
 *
 * @throws ValueError for a negative amount or a wrong number of pairs.
 * @example
 * pad(ones([2, 2]), [[0, 0], [1, 1]]).shape; // [2, 4]
 */
export function pad(x: Tensor, pads: readonly (readonly [number, number])[], value = 0): Tensor {
  assertTensor('pad', 'x', x);
  if (!Array.isArray(pads as unknown) || pads.length !== x.rank) {
    throw new ValueError(`pad: pads must hold one [before, after] pair for each of the ${x.rank} dimensions of ${formatShape(x.shape)}`);
  }
  pads.forEach((p, i) => {
    if (!Array.isArray(p as unknown) || p.length !== 2 || !p.every((v) => Number.isInteger(v) && v >= 0)) {
      throw new ValueError(`pad: pads[${i}] must be a pair of non-negative integers, got ${JSON.stringify(p)}`);
    }
  });
  const shape = x.shape.map((d, i) => d + pads[i]![0] + pads[i]![1]);
  const out = wrap(x.backend, x.backend.fill(x.dtype, sizeOf(shape), coerceToDType(value, x.dtype)), shape);
  writeRegion(out, x.detach(), pads.map((p) => p[0]));
  return record('pad', out, [x], (g) => {
    let piece = g;
    x.shape.forEach((d, i) => (piece = narrow(piece, i, pads[i]![0], d)));
    return [piece];
  });
}
