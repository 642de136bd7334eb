/**
 * Views share storage: an in-place write to a base is visible through reshape, transpose, slice,
 * expand, flip (and the other view ops), writes through a view reach the base, strides and offsets
 * are as documented, and reshape of a non-contiguous tensor copies.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as S from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { title } from './backend-under-test.js';

let cases = 0;
/** [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]] as float32. */
const base = (): Tensor => S.reshape(S.arange(12, undefined, 1, { dtype: 'float32' }), [3, 4]);

function geometry(t: Tensor): { shape: number[]; strides: number[]; offset: number } {
  return { shape: [...t.shape], strides: [...t.strides], offset: t.offset };
}

describe(title('views share storage with their base'), () => {
  const views: Record<string, { make: (b: Tensor) => Tensor; before: S.NestedArray; after: S.NestedArray }> = {
    reshape: { make: (b) => S.reshape(b, [2, 6]), before: [[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11]], after: [[-1, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, -2]] },
    transpose: { make: (b) => S.transpose(b), before: [[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]], after: [[-1, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, -2]] },
    permute: { make: (b) => S.permute(b, [1, 0]), before: [[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]], after: [[-1, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, -2]] },
    slice: { make: (b) => S.slice(b, 1, 1, undefined, 2), before: [[1, 3], [5, 7], [9, 11]], after: [[1, 3], [5, 7], [9, -2]] },
    narrow: { make: (b) => S.narrow(b, 0, 1, 2), before: [[4, 5, 6, 7], [8, 9, 10, 11]], after: [[4, 5, 6, 7], [8, 9, 10, -2]] },
    select: { make: (b) => S.select(b, 1, 0), before: [0, 4, 8], after: [-1, 4, 8] },
    expand: { make: (b) => S.expand(S.narrow(b, 0, 0, 1), [2, 4]), before: [[0, 1, 2, 3], [0, 1, 2, 3]], after: [[-1, 1, 2, 3], [-1, 1, 2, 3]] },
    flip: { make: (b) => S.flip(b, [0, 1]), before: [[11, 10, 9, 8], [7, 6, 5, 4], [3, 2, 1, 0]], after: [[-2, 10, 9, 8], [7, 6, 5, 4], [3, 2, 1, -1]] },
    unsqueeze: { make: (b) => S.unsqueeze(S.select(b, 0, 0), 0), before: [[0, 1, 2, 3]], after: [[-1, 1, 2, 3]] },
    squeeze: { make: (b) => S.squeeze(S.narrow(b, 0, 2, 1)), before: [8, 9, 10, 11], after: [8, 9, 10, -2] },
    'unsqueeze of a transpose': {
      make: (b) => S.unsqueeze(S.transpose(b), 0),
      before: [[[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]]],
      after: [[[-1, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, -2]]],
    },
    'squeeze of a column': { make: (b) => S.squeeze(S.narrow(b, 1, 3, 1)), before: [3, 7, 11], after: [3, 7, -2] },
    flatten: { make: (b) => S.flatten(b), before: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], after: [-1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, -2] },
    split: { make: (b) => S.split(b, 2, 1)[1]!, before: [[2, 3], [6, 7], [10, 11]], after: [[2, 3], [6, 7], [10, -2]] },
    detach: { make: (b) => b.detach(), before: [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]], after: [[-1, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, -2]] },
    contiguous: { make: (b) => S.contiguous(b), before: [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]], after: [[-1, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, -2]] },
  };
  for (const [name, v] of Object.entries(views)) {
    it(`an assign_ on the base is visible through ${name}`, () => {
      const b = base();
      const view = v.make(b);
      assert.deepEqual(view.toArray(), v.before, 'before the write');
      // Write the first and last elements of the base through a view of its own.
      S.narrow(S.flatten(b), 0, 0, 1).assign_(-1);
      S.narrow(S.flatten(b), 0, 11, 1).assign_(-2);
      assert.deepEqual(view.toArray(), v.after, 'after the write');
      cases++;
    });
  }
  it('an assign_ through a slice view writes into the base', () => {
    const b = base();
    S.slice(b, 1, 0, undefined, 2).assign_(S.tensor([[100, 200]]));
    assert.deepEqual(b.toArray(), [[100, 1, 200, 3], [100, 5, 200, 7], [100, 9, 200, 11]]);
    cases++;
  });
  it('an assign_ through a transposed view writes transposed', () => {
    const b = S.zeros([2, 3]);
    S.transpose(b).assign_(S.tensor([[1, 2], [3, 4], [5, 6]]));
    assert.deepEqual(b.toArray(), [[1, 3, 5], [2, 4, 6]]);
    cases++;
  });
  it('an assign_ through a flipped view writes reversed', () => {
    const b = S.zeros([4]);
    S.flip(b, 0).assign_(S.tensor([1, 2, 3, 4]));
    assert.deepEqual(b.toArray(), [4, 3, 2, 1]);
    cases++;
  });
  it('assign_ of a view of the same storage reads before it writes (no aliasing corruption)', () => {
    const b = S.tensor([1, 2, 3, 4]);
    b.assign_(S.flip(b, 0));
    assert.deepEqual(b.toArray(), [4, 3, 2, 1]);
    cases++;
  });
  it('in-place add_, sub_, mul_, zero_ on a view change the base', () => {
    const b = base();
    const row = S.select(b, 0, 1);
    row.add_(1);
    row.mul_(2);
    row.sub_(S.tensor([0, 0, 0, 10]));
    assert.deepEqual(S.select(b, 0, 1).toArray(), [10, 12, 14, 6]);
    S.select(b, 1, 3).zero_();
    assert.deepEqual(b.toArray(), [[0, 1, 2, 0], [10, 12, 14, 0], [8, 9, 10, 0]]);
    cases++;
  });
});

describe(title('copies do not share storage'), () => {
  it('clone does not see later writes to the base', () => {
    const b = base();
    const c = S.clone(b);
    b.zero_();
    assert.deepEqual(S.sum(c).item(), 66);
    cases++;
  });
  it('reshape of a non-contiguous tensor copies (and is contiguous)', () => {
    const b = base();
    const r = S.reshape(S.transpose(b), [12]);
    assert.ok(r.isContiguous);
    assert.deepEqual(r.toArray(), [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    b.zero_();
    assert.deepEqual(r.toArray(), [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    cases++;
  });
  it('contiguous of a non-contiguous view copies; of a contiguous tensor returns it', () => {
    const b = base();
    assert.equal(S.contiguous(b), b);
    const c = S.contiguous(S.transpose(b));
    assert.ok(c.isContiguous);
    b.zero_();
    assert.deepEqual(S.select(c, 0, 1).toArray(), [1, 5, 9]);
    cases++;
  });
  it('cast to another dtype copies; to its own dtype returns the tensor', () => {
    const b = base();
    assert.equal(S.cast(b, 'float32'), b);
    const c = S.cast(b, 'float64');
    b.zero_();
    assert.equal(S.sum(c).item(), 66);
    cases++;
  });
  it('concat, stack and pad copy their inputs', () => {
    const b = base();
    const outs = [S.concat([b, b]), S.stack([b]), S.pad(b, [[0, 0], [1, 0]])];
    b.zero_();
    for (const o of outs) assert.ok(S.sum(o).item() > 0);
    cases++;
  });
});

describe(title('strides and offsets'), () => {
  it('a fresh [3, 4] tensor has row-major strides [4, 1] and offset 0', () => {
    assert.deepEqual(geometry(base()), { shape: [3, 4], strides: [4, 1], offset: 0 });
    assert.ok(base().isContiguous);
    cases++;
  });
  it('transpose swaps strides', () => {
    const t = S.transpose(base());
    assert.deepEqual(geometry(t), { shape: [4, 3], strides: [1, 4], offset: 0 });
    assert.equal(t.isContiguous, false);
    cases++;
  });
  it('permute reorders strides', () => {
    const t = S.permute(S.zeros([2, 3, 4]), [2, 0, 1]);
    assert.deepEqual(geometry(t), { shape: [4, 2, 3], strides: [1, 12, 4], offset: 0 });
    cases++;
  });
  it('slice with a step multiplies the stride and moves the offset', () => {
    assert.deepEqual(geometry(S.slice(base(), 1, 1, undefined, 2)), { shape: [3, 2], strides: [4, 2], offset: 1 });
    assert.deepEqual(geometry(S.slice(base(), 0, 1, 3)), { shape: [2, 4], strides: [4, 1], offset: 4 });
    cases++;
  });
  it('select and narrow move the offset', () => {
    assert.deepEqual(geometry(S.select(base(), 0, 2)), { shape: [4], strides: [1], offset: 8 });
    assert.deepEqual(geometry(S.select(base(), 1, 3)), { shape: [3], strides: [4], offset: 3 });
    assert.deepEqual(geometry(S.narrow(base(), 1, 2, 2)), { shape: [3, 2], strides: [4, 1], offset: 2 });
    cases++;
  });
  it('expand gives stride 0 to broadcast dimensions', () => {
    const t = S.expand(S.zeros([3, 1]), [2, 3, 4]);
    assert.deepEqual(geometry(t), { shape: [2, 3, 4], strides: [0, 1, 0], offset: 0 });
    cases++;
  });
  it('flip negates the stride and starts at the last element', () => {
    assert.deepEqual(geometry(S.flip(base(), 0)), { shape: [3, 4], strides: [-4, 1], offset: 8 });
    assert.deepEqual(geometry(S.flip(base(), [0, 1])), { shape: [3, 4], strides: [-4, -1], offset: 11 });
    cases++;
  });
  it('views of views compose: a transposed slice of a flipped tensor', () => {
    const t = S.transpose(S.slice(S.flip(base(), 1), 0, 0, undefined, 2));
    assert.deepEqual(geometry(t), { shape: [4, 2], strides: [-1, 8], offset: 3 });
    assert.deepEqual(t.toArray(), [[3, 11], [2, 10], [1, 9], [0, 8]]);
    cases++;
  });
  it('reshape of a contiguous slice keeps its offset', () => {
    const t = S.reshape(S.narrow(base(), 0, 1, 2), [8]);
    assert.deepEqual(geometry(t), { shape: [8], strides: [1], offset: 4 });
    assert.deepEqual(t.toArray(), [4, 5, 6, 7, 8, 9, 10, 11]);
    cases++;
  });
  it('dataSync of a view returns its elements in row-major order', () => {
    assert.deepEqual(Array.from(S.transpose(base()).dataSync()), [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    assert.deepEqual(Array.from(S.flip(S.slice(base(), 1, 0, 4, 3), 0).dataSync()), [8, 11, 4, 7, 0, 3]);
    cases++;
  });
});

describe(title('views and autograd'), () => {
  it('an in-place write through a view bumps the version of the whole storage', () => {
    const x = S.tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    const w = S.tensor([1, 1, 1], { dtype: 'float64' });
    const loss = S.sum(S.mul(x, w));
    S.narrow(w, 0, 1, 1).assign_(5);
    assert.throws(() => loss.backward(), S.ValueError);
    cases++;
  });
  it('gradients flow back through a chain of views to the base', () => {
    const x = S.tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64', requiresGrad: true });
    const v = S.flip(S.slice(S.transpose(x), 0, 0, undefined, 2), 1);
    S.sum(S.mul(v, S.tensor([[1, 2], [3, 4]], { dtype: 'float64' }))).backward();
    assert.deepEqual(x.grad!.toArray(), [[2, 0, 4], [1, 0, 3]]);
    cases++;
  });
});

describe(title('views suite'), () => {
  it('ran more than 0 cases', () => assert.ok(cases > 0));
});
