import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { DType, UnaryOp } from '../../src/backends/contract.js';
import { JsBuffer } from '../../src/backends/js/js-buffer.js';
import { js, strided, tensor, values, view } from './js-helpers.js';

const f32 = Math.fround;

describe('js backend: memory', () => {
  it('is named js', () => {
    assert.equal(js.name, 'js');
  });

  it('allocate gives zero-filled buffers of the right array type', () => {
    const expected: Record<DType, string> = {
      float32: 'Float32Array',
      float64: 'Float64Array',
      int32: 'Int32Array',
      bool: 'Uint8Array',
    };
    for (const dtype of ['float32', 'float64', 'int32', 'bool'] as const) {
      const b = js.allocate(dtype, 3);
      assert.equal(b.dtype, dtype);
      assert.equal(b.size, 3);
      assert.equal(js.readSync(b).constructor.name, expected[dtype]);
      assert.deepEqual(values(b), [0, 0, 0]);
    }
    assert.equal(js.allocate('float32', 0).size, 0);
  });

  it('upload copies, so later changes to the source do not leak in', () => {
    const src = new Float32Array([1, 2, 3]);
    const b = js.upload('float32', src);
    src[0] = 99;
    assert.deepEqual(values(b), [1, 2, 3]);
  });

  it('upload of bool stores 0/1', () => {
    assert.deepEqual(values(js.upload('bool', new Uint8Array([0, 1, 7]))), [0, 1, 1]);
  });

  it('fill rounds to the dtype: float32 rounds, int32 truncates, bool is value != 0', () => {
    assert.deepEqual(values(js.fill('float32', 2, 0.1)), [f32(0.1), f32(0.1)]);
    assert.deepEqual(values(js.fill('float64', 2, 0.1)), [0.1, 0.1]);
    assert.deepEqual(values(js.fill('int32', 2, -2.7)), [-2, -2]);
    assert.deepEqual(values(js.fill('bool', 2, 5)), [1, 1]);
    assert.deepEqual(values(js.fill('bool', 1, 0)), [0]);
    assert.deepEqual(values(js.fill('float32', 1, NaN)), [NaN]);
    assert.deepEqual(values(js.fill('float32', 0, 1)), []);
  });

  it('read resolves to the same elements as readSync', async () => {
    const b = js.upload('int32', new Int32Array([4, 5]));
    assert.deepEqual(Array.from(await js.read(b)), [4, 5]);
  });

  it('release drops the elements', () => {
    const b = js.upload('float64', new Float64Array([1, 2]));
    js.release(b);
    assert.ok(b instanceof JsBuffer);
    assert.equal(b.data.length, 0);
  });

  it('rejects buffers of another backend with a TypeError', () => {
    const foreign = { dtype: 'float32' as const, size: 1 };
    assert.throws(() => js.readSync(foreign), TypeError);
  });
});

describe('js backend: copy', () => {
  const data = [1, 2, 3, 4, 5, 6];

  it('copies contiguous, transposed, flipped, broadcast and offset views in row-major order', () => {
    assert.deepEqual(values(js.copy(strided('float32', data, [2, 3], [3, 1]), 'float32')), data);
    assert.deepEqual(values(js.copy(strided('float32', data, [3, 2], [1, 3]), 'float32')), [1, 4, 2, 5, 3, 6]);
    assert.deepEqual(values(js.copy(strided('float32', data, [3], [-1], 2), 'float32')), [3, 2, 1]);
    assert.deepEqual(values(js.copy(strided('float32', data, [2, 3], [-3, -1], 5), 'float32')), [6, 5, 4, 3, 2, 1]);
    assert.deepEqual(values(js.copy(strided('float32', data, [2, 3], [0, 1], 1), 'float32')), [2, 3, 4, 2, 3, 4]);
    assert.deepEqual(values(js.copy(strided('float32', data, [2], [2], 3), 'float32')), [4, 6]);
    // Contiguous with an offset takes the fast path.
    assert.deepEqual(values(js.copy(strided('float32', data, [2, 2], [2, 1], 2), 'float32')), [3, 4, 5, 6]);
  });

  it('copies 0-d and empty views', () => {
    const scalar = js.copy(strided('float64', data, [], [], 4), 'float64');
    assert.equal(scalar.size, 1);
    assert.deepEqual(values(scalar), [5]);
    assert.deepEqual(values(js.copy(strided('float64', data, [0, 3], [3, 1]), 'float64')), []);
    assert.deepEqual(values(js.copy(strided('float64', data, [2, 0], [0, 1]), 'int32')), []);
  });

  it('casts between every pair of dtypes like PyTorch', () => {
    const sources: Record<DType, number[]> = {
      float32: [0, -1.5, 2.75, -0.5, 3],
      float64: [0, -1.5, 2.75, -0.5, 3],
      int32: [0, -1, 2, 7, 3],
      bool: [0, 1, 1, 0, 1],
    };
    const convert: Record<DType, (v: number) => number> = {
      float32: f32,
      float64: (v) => v,
      int32: (v) => Math.trunc(v) + 0, // + 0 turns −0 into 0
      bool: (v) => (v !== 0 ? 1 : 0),
    };
    for (const from of ['float32', 'float64', 'int32', 'bool'] as const) {
      for (const to of ['float32', 'float64', 'int32', 'bool'] as const) {
        const src = sources[from];
        const out = js.copy(tensor(from, src), to);
        assert.equal(out.dtype, to);
        assert.deepEqual(values(out), src.map(convert[to]), `${from} → ${to}`);
        // The strided path casts the same way as the contiguous one.
        const flipped = strided(from, src, [src.length], [-1], src.length - 1);
        assert.deepEqual(values(js.copy(flipped, to)), [...src].reverse().map(convert[to]), `${from} → ${to} flipped`);
      }
    }
  });

  it('casts special values: float → int32 truncates toward zero, NaN → bool is true', () => {
    assert.deepEqual(values(js.copy(tensor('float64', [1.9, -1.9, 2.5, -2.5]), 'int32')), [1, -1, 2, -2]);
    assert.deepEqual(values(js.copy(tensor('float64', [NaN, -0, 0, Infinity, 1e-30]), 'bool')), [1, 0, 0, 1, 1]);
    assert.deepEqual(values(js.copy(tensor('int32', [16777217]), 'float32')), [16777216]);
    assert.deepEqual(values(js.copy(tensor('float64', [0.1]), 'float32')), [f32(0.1)]);
    assert.deepEqual(values(js.copy(tensor('float32', [NaN, -Infinity]), 'float64')), [NaN, -Infinity]);
  });
});

describe('js backend: copyInto', () => {
  it('writes through a transposed destination', () => {
    const dst = js.allocate('float32', 6);
    js.copyInto(view(dst, [3, 2], [1, 3]), tensor('float32', [1, 2, 3, 4, 5, 6], [3, 2]));
    assert.deepEqual(values(dst), [1, 3, 5, 2, 4, 6]);
  });

  it('writes a strided, offset window and leaves the rest alone', () => {
    const dst = js.upload('float64', new Float64Array([9, 9, 9, 9, 9, 9]));
    js.copyInto(view(dst, [2], [2], 1), tensor('float64', [1, 2]));
    assert.deepEqual(values(dst), [9, 1, 9, 2, 9, 9]);
    js.copyInto(view(dst, [2], [-1], 5), tensor('float64', [7, 8]));
    assert.deepEqual(values(dst), [9, 1, 9, 2, 8, 7]);
  });

  it('converts to the destination dtype and reads broadcast sources', () => {
    const dst = js.allocate('int32', 4);
    js.copyInto(view(dst, [2, 2]), strided('float32', [1.9, -2.9], [2, 2], [0, 1]));
    assert.deepEqual(values(dst), [1, -2, 1, -2]);
    const mask = js.allocate('bool', 3);
    js.copyInto(view(mask, [3]), tensor('float32', [0, 2, NaN]));
    assert.deepEqual(values(mask), [0, 1, 1]);
    const dst64 = js.allocate('float64', 2);
    js.copyInto(view(dst64, [2]), tensor('bool', [1, 0]));
    assert.deepEqual(values(dst64), [1, 0]);
  });

  it('reads the source before writing when both share a buffer', () => {
    const buf = js.upload('float32', new Float32Array([1, 2, 3, 4]));
    // x[1:] = x[:-1]
    js.copyInto(view(buf, [3], [1], 1), view(buf, [3], [1], 0));
    assert.deepEqual(values(buf), [1, 1, 2, 3]);
  });

  it('handles 0-d and empty views', () => {
    const dst = js.allocate('float32', 3);
    js.copyInto(view(dst, [], [], 2), tensor('float32', [5], []));
    assert.deepEqual(values(dst), [0, 0, 5]);
    js.copyInto(view(dst, [0], [1]), tensor('float32', []));
    assert.deepEqual(values(dst), [0, 0, 5]);
  });
});

describe('js backend: unary', () => {
  const run = (op: UnaryOp, xs: number[], dtype: DType = 'float64', inDtype: DType = 'float64'): number[] =>
    values(js.unary(op, tensor(inDtype, xs), dtype));

  it('computes each op on ordinary values', () => {
    assert.deepEqual(run('neg', [1, -2, 0]), [-1, 2, -0]);
    assert.deepEqual(run('abs', [-3, 2, -0]), [3, 2, 0]);
    assert.deepEqual(run('exp', [0, 1]), [1, Math.E]);
    assert.deepEqual(run('log', [1, Math.E, 0, -1]), [0, 1, -Infinity, NaN]);
    assert.deepEqual(run('log1p', [0, 1e-20, -1]), [0, 1e-20, -Infinity]);
    assert.deepEqual(run('sqrt', [4, 2, -1]), [2, Math.SQRT2, NaN]);
    assert.deepEqual(run('rsqrt', [4, 0.25, 0]), [0.5, 2, Infinity]);
    assert.deepEqual(run('sin', [0, Math.PI / 2]), [0, 1]);
    assert.deepEqual(run('cos', [0, Math.PI]), [1, -1]);
    assert.deepEqual(run('tanh', [0, 1000, -1000]), [0, 1, -1]);
    const erfs = run('erf', [0, 1, -1, Infinity, NaN]);
    [0, 0.8427007929497149, -0.8427007929497149, 1].forEach((e, i) => assert.ok(Math.abs(erfs[i]! - e) < 1e-15));
    assert.ok(Number.isNaN(erfs[4]));
    assert.deepEqual(run('floor', [1.5, -1.5, 2]), [1, -2, 2]);
    assert.deepEqual(run('ceil', [1.5, -1.5, 2]), [2, -1, 2]);
  });

  it('sigmoid is stable for large |x|', () => {
    assert.deepEqual(run('sigmoid', [0, 1000, -1000, Infinity, -Infinity]), [0.5, 1, 0, 1, 0]);
    const [big, small] = run('sigmoid', [40, -40]);
    assert.ok(Math.abs(small! - Math.exp(-40)) < 1e-30);
    assert.equal(big, 1);
    assert.ok(Math.abs(run('sigmoid', [2])[0]! - 1 / (1 + Math.exp(-2))) < 1e-16);
  });

  it('relu and sign propagate NaN; sign(−0) is 0', () => {
    assert.deepEqual(run('relu', [-1, 0, 2, NaN, -Infinity, Infinity]), [0, 0, 2, NaN, 0, Infinity]);
    assert.deepEqual(run('sign', [-3, 0, -0, 5, NaN, -Infinity]), [-1, 0, 0, 1, NaN, -1]);
  });

  it('round is half-to-even', () => {
    assert.deepEqual(
      run('round', [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6, 0.49999999999999994, 2 ** 53]),
      [0, 2, 2, -0, -2, -2, 2, -3, 0, 2 ** 53],
    );
  });

  it('logicalNot writes 0/1, and NaN counts as true', () => {
    assert.deepEqual(run('logicalNot', [0, 1, -0, NaN, 3], 'bool'), [1, 0, 1, 0, 0]);
    assert.deepEqual(run('logicalNot', [0, 1], 'bool', 'bool'), [1, 0]);
  });

  it('rounds to the output dtype on store', () => {
    assert.deepEqual(run('exp', [1], 'float32'), [f32(Math.E)]);
    assert.deepEqual(run('neg', [-2147483648], 'int32', 'int32'), [-2147483648]);
    assert.deepEqual(run('abs', [-7, 3], 'int32', 'int32'), [7, 3]);
    assert.deepEqual(run('sqrt', [2], 'float32', 'int32'), [f32(Math.SQRT2)]);
    assert.deepEqual(run('abs', [-2, 0], 'bool'), [1, 0]);
  });

  it('reads transposed, flipped, broadcast, offset, 0-d and empty views', () => {
    const t = strided('float32', [1, 2, 3, 4, 5, 6], [3, 2], [1, 3]);
    assert.deepEqual(values(js.unary('neg', t, 'float32')), [-1, -4, -2, -5, -3, -6]);
    const flipped = strided('float32', [1, 2, 3], [3], [-1], 2);
    assert.deepEqual(values(js.unary('neg', flipped, 'float32')), [-3, -2, -1]);
    const bcast = strided('float32', [4], [2, 2], [0, 0]);
    assert.deepEqual(values(js.unary('sqrt', bcast, 'float32')), [2, 2, 2, 2]);
    const offset = strided('float32', [1, 4, 9], [2], [1], 1);
    assert.deepEqual(values(js.unary('sqrt', offset, 'float32')), [2, 3]);
    const scalar = js.unary('abs', strided('float32', [0, -7], [], [], 1), 'float32');
    assert.deepEqual(values(scalar), [7]);
    assert.equal(js.unary('exp', tensor('float32', [], [0, 4]), 'float32').size, 0);
  });
});

describe('js backend: binary', () => {
  const pair = (xs: number[], ys: number[], dtype: DType = 'float64') => [tensor(dtype, xs), tensor(dtype, ys)] as const;

  it('does arithmetic in doubles and rounds on store', () => {
    const [a, b] = pair([1, 2, 3, 0], [4, 5, 0, 0]);
    assert.deepEqual(values(js.binary('add', a, b, 'float64')), [5, 7, 3, 0]);
    assert.deepEqual(values(js.binary('sub', a, b, 'float64')), [-3, -3, 3, 0]);
    assert.deepEqual(values(js.binary('mul', a, b, 'float64')), [4, 10, 0, 0]);
    assert.deepEqual(values(js.binary('div', a, b, 'float64')), [0.25, 0.4, Infinity, NaN]);
    assert.deepEqual(values(js.binary('pow', a, b, 'float64')), [1, 32, 1, 1]);
    const [c, d] = pair([0.1, 1], [0.2, 3], 'float32');
    assert.deepEqual(values(js.binary('add', c, d, 'float32')), [f32(f32(0.1) + f32(0.2)), 4]);
    assert.deepEqual(values(js.binary('div', c, d, 'float32')), [0.5, f32(1 / 3)]);
  });

  it('wraps int32 add, sub and mul like int32', () => {
    const [a, b] = pair([2147483647, -2147483648, 65536, 123456789], [1, 1, 65536, 987654321], 'int32');
    assert.deepEqual(values(js.binary('add', a, b, 'int32')), [-2147483648, -2147483647, 131072, 1111111110]);
    assert.deepEqual(values(js.binary('sub', a, b, 'int32')), [2147483646, 2147483647, 0, -864197532]);
    assert.deepEqual(values(js.binary('mul', a, b, 'int32')), [2147483647, -2147483648, 0, Math.imul(123456789, 987654321)]);
  });

  it('int32 pow truncates', () => {
    const [a, b] = pair([2, 3, -2, 2], [10, 2, 3, 0], 'int32');
    assert.deepEqual(values(js.binary('pow', a, b, 'int32')), [1024, 9, -8, 1]);
  });

  it('maximum and minimum propagate NaN', () => {
    const [a, b] = pair([1, NaN, 3, -Infinity], [2, 0, NaN, 5]);
    assert.deepEqual(values(js.binary('maximum', a, b, 'float64')), [2, NaN, NaN, 5]);
    assert.deepEqual(values(js.binary('minimum', a, b, 'float64')), [1, NaN, NaN, -Infinity]);
  });

  it('comparisons write 0/1 and treat NaN like IEEE (only ne is true)', () => {
    const [a, b] = pair([1, 2, 3, NaN, NaN], [2, 2, 2, 1, NaN]);
    const cmp = (op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge') => values(js.binary(op, a, b, 'bool'));
    assert.deepEqual(cmp('eq'), [0, 1, 0, 0, 0]);
    assert.deepEqual(cmp('ne'), [1, 0, 1, 1, 1]);
    assert.deepEqual(cmp('lt'), [1, 0, 0, 0, 0]);
    assert.deepEqual(cmp('le'), [1, 1, 0, 0, 0]);
    assert.deepEqual(cmp('gt'), [0, 0, 1, 0, 0]);
    assert.deepEqual(cmp('ge'), [0, 1, 1, 0, 0]);
    assert.deepEqual(values(js.binary('eq', tensor('float64', [-0]), tensor('float64', [0]), 'bool')), [1]);
  });

  it('logicalAnd and logicalOr write 0/1', () => {
    const [a, b] = pair([0, 0, 1, 1], [0, 1, 0, 1], 'bool');
    assert.deepEqual(values(js.binary('logicalAnd', a, b, 'bool')), [0, 0, 0, 1]);
    assert.deepEqual(values(js.binary('logicalOr', a, b, 'bool')), [0, 1, 1, 1]);
    const [c, d] = pair([2, NaN, 0], [-3, 1, 5]);
    assert.deepEqual(values(js.binary('logicalAnd', c, d, 'bool')), [1, 1, 0]);
  });

  it('stores bool results of arithmetic as 0/1 (True + True is True)', () => {
    const [a, b] = pair([1, 1, 0], [1, 0, 0], 'bool');
    assert.deepEqual(values(js.binary('add', a, b, 'bool')), [1, 1, 0]);
    assert.deepEqual(values(js.binary('mul', a, b, 'bool')), [1, 0, 0]);
  });

  it('broadcasts stride-0 rows, columns and scalars', () => {
    const x = tensor('float32', [1, 2, 3, 4, 5, 6], [2, 3]);
    const row = strided('float32', [10, 20, 30], [2, 3], [0, 1]);
    assert.deepEqual(values(js.binary('add', x, row, 'float32')), [11, 22, 33, 14, 25, 36]);
    const col = strided('float32', [10, 20], [2, 3], [1, 0]);
    assert.deepEqual(values(js.binary('mul', x, col, 'float32')), [10, 20, 30, 80, 100, 120]);
    const scalar = strided('float32', [0.5], [2, 3], [0, 0]);
    assert.deepEqual(values(js.binary('mul', x, scalar, 'float32')), [0.5, 1, 1.5, 2, 2.5, 3]);
    assert.deepEqual(values(js.binary('sub', scalar, x, 'float32')), [-0.5, -1.5, -2.5, -3.5, -4.5, -5.5]);
    // A scalar broadcast against a strided (transposed) a.
    const t = strided('float32', [1, 2, 3, 4, 5, 6], [3, 2], [1, 3]);
    const s32 = strided('float32', [1], [3, 2], [0, 0]);
    assert.deepEqual(values(js.binary('add', t, s32, 'float32')), [2, 5, 3, 6, 4, 7]);
  });

  it('reads transposed, flipped and offset views', () => {
    const t = strided('float64', [1, 2, 3, 4, 5, 6], [3, 2], [1, 3]);
    const flipped = strided('float64', [1, 2, 3, 4, 5, 6], [3, 2], [-2, -1], 5);
    assert.deepEqual(values(js.binary('sub', t, flipped, 'float64')), [1 - 6, 4 - 5, 2 - 4, 5 - 3, 3 - 2, 6 - 1]);
    const off = strided('float64', [0, 0, 1, 2], [2], [1], 2);
    assert.deepEqual(values(js.binary('add', off, off, 'float64')), [2, 4]);
  });

  it('handles 0-d and empty operands', () => {
    const a = tensor('float64', [3], []);
    const b = strided('float64', [9, 4], [], [], 1);
    const out = js.binary('mul', a, b, 'float64');
    assert.equal(out.size, 1);
    assert.deepEqual(values(out), [12]);
    const e = tensor('float64', [], [2, 0]);
    assert.deepEqual(values(js.binary('add', e, e, 'float64')), []);
    const se = strided('float64', [1], [0], [0]);
    assert.deepEqual(values(js.binary('add', tensor('float64', [], [0]), se, 'float64')), []);
  });
});

describe('js backend: where', () => {
  it('selects elementwise with broadcast operands', () => {
    const cond = tensor('bool', [1, 0, 1, 0], [2, 2]);
    const a = strided('float32', [1, 2], [2, 2], [0, 1]);
    const b = strided('float32', [-1], [2, 2], [0, 0]);
    assert.deepEqual(values(js.where(cond, a, b, 'float32')), [1, -1, 1, -1]);
  });

  it('treats a nonzero or NaN condition as true and casts on store', () => {
    const cond = tensor('float64', [2, 0, NaN]);
    const out = js.where(cond, tensor('float64', [1.5, 1.5, 1.5]), tensor('float64', [-2.5, -2.5, -2.5]), 'int32');
    assert.deepEqual(values(out), [1, -2, 1]);
    const asBool = js.where(tensor('bool', [1, 0]), tensor('float64', [3, 3]), tensor('float64', [0, 0]), 'bool');
    assert.deepEqual(values(asBool), [1, 0]);
  });

  it('handles 0-d and empty', () => {
    const s = js.where(tensor('bool', [0], []), tensor('float32', [1], []), tensor('float32', [2], []), 'float32');
    assert.deepEqual(values(s), [2]);
    const e = tensor('float32', [], [0]);
    assert.equal(js.where(tensor('bool', [], [0]), e, e, 'float32').size, 0);
  });
});

describe('js backend: reduce', () => {
  const x = () => tensor('float64', [1, 2, 3, 4, 5, 6], [2, 3]);

  it('sums over one axis, the other, or all axes (0-d result)', () => {
    assert.deepEqual(values(js.reduce('sum', x(), [0], 'float64')), [5, 7, 9]);
    assert.deepEqual(values(js.reduce('sum', x(), [1], 'float64')), [6, 15]);
    const all = js.reduce('sum', x(), [0, 1], 'float64');
    assert.equal(all.size, 1);
    assert.deepEqual(values(all), [21]);
  });

  it('reduces strided views', () => {
    const t = strided('float64', [1, 2, 3, 4, 5, 6], [3, 2], [1, 3]);
    assert.deepEqual(values(js.reduce('sum', t, [1], 'float64')), [5, 7, 9]);
    const flipped = strided('float64', [1, 2, 3, 4, 5, 6], [2, 3], [-3, 1], 3);
    assert.deepEqual(values(js.reduce('max', flipped, [0], 'float64')), [4, 5, 6]);
    const bcast = strided('float64', [1, 2, 3], [4, 3], [0, 1]);
    assert.deepEqual(values(js.reduce('sum', bcast, [0], 'float64')), [4, 8, 12]);
    const off = strided('float64', [9, 9, 1, 2, 3, 4], [2, 2], [2, 1], 2);
    assert.deepEqual(values(js.reduce('prod', off, [1], 'float64')), [2, 12]);
  });

  it('reduces non-adjacent axes of a 3-d view', () => {
    const t = tensor('float64', Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]);
    // out[j] = Σ_{i,k} (12i + 4j + k) = 2·4·4j + Σ 12i·4 + Σ k·2 = 32j + 48 + 12
    assert.deepEqual(values(js.reduce('sum', t, [0, 2], 'float64')), [60, 92, 124]);
    assert.deepEqual(values(js.reduce('max', t, [0, 2], 'float64')), [15, 19, 23]);
    assert.deepEqual(values(js.reduce('min', t, [1], 'float64')), [0, 1, 2, 3, 12, 13, 14, 15]);
  });

  it('computes prod, max and min; NaN propagates through max and min', () => {
    const v = tensor('float64', [2, NaN, -1, 3, -Infinity, 4], [2, 3]);
    assert.deepEqual(values(js.reduce('max', v, [1], 'float64')), [NaN, 4]);
    assert.deepEqual(values(js.reduce('min', v, [1], 'float64')), [NaN, -Infinity]);
    assert.deepEqual(values(js.reduce('max', v, [0], 'float64')), [3, NaN, 4]);
    assert.deepEqual(values(js.reduce('prod', tensor('float64', [2, 3, 4]), [0], 'float64')), [24]);
    assert.deepEqual(values(js.reduce('sum', tensor('float64', [1, NaN]), [0], 'float64')), [NaN]);
  });

  it('gives the identity for empty reductions', () => {
    const e = tensor('float32', [], [2, 0]);
    assert.deepEqual(values(js.reduce('sum', e, [1], 'float32')), [0, 0]);
    assert.deepEqual(values(js.reduce('prod', e, [1], 'float32')), [1, 1]);
    assert.deepEqual(values(js.reduce('max', e, [1], 'float32')), [-Infinity, -Infinity]);
    assert.deepEqual(values(js.reduce('min', e, [0, 1], 'float32')), [Infinity]);
    assert.deepEqual(values(js.reduce('sum', e, [0], 'float32')), []);
  });

  it('reduces a 0-d view over no axes to itself', () => {
    assert.deepEqual(values(js.reduce('sum', strided('float64', [1, 7], [], [], 1), [], 'float64')), [7]);
  });

  it('accumulates in doubles and rounds on store; counts bools into int32', () => {
    const big = tensor('float32', [16777216, 1, 1]);
    assert.deepEqual(values(js.reduce('sum', big, [0], 'float32')), [16777218]);
    assert.deepEqual(values(js.reduce('sum', tensor('int32', [5, -7, 9]), [0], 'int32')), [7]);
    assert.deepEqual(values(js.reduce('sum', tensor('bool', [1, 0, 1, 1]), [0], 'int32')), [3]);
    assert.deepEqual(values(js.reduce('max', tensor('int32', [5, -7, 9]), [0], 'int32')), [9]);
    assert.deepEqual(values(js.reduce('max', tensor('bool', [0, 1]), [0], 'bool')), [1]);
  });
});

describe('js backend: argReduce', () => {
  it('returns the first index of the extreme along an axis', () => {
    const x = tensor('float32', [3, 1, 3, 0, 5, 5], [2, 3]);
    assert.deepEqual(values(js.argReduce('argmax', x, 1)), [0, 1]);
    assert.deepEqual(values(js.argReduce('argmin', x, 1)), [1, 0]);
    assert.deepEqual(values(js.argReduce('argmax', x, 0)), [0, 1, 1]);
    assert.equal(js.argReduce('argmax', x, 0).dtype, 'int32');
  });

  it('treats NaN as the largest (argmax) and smallest (argmin), first NaN wins', () => {
    const x = tensor('float64', [1, NaN, Infinity, NaN]);
    assert.deepEqual(values(js.argReduce('argmax', x, 0)), [1]);
    assert.deepEqual(values(js.argReduce('argmin', x, 0)), [1]);
    assert.deepEqual(values(js.argReduce('argmax', tensor('float64', [NaN, 5]), 0)), [0]);
    assert.deepEqual(values(js.argReduce('argmin', tensor('float64', [-Infinity, 2, -Infinity]), 0)), [0]);
  });

  it('reads strided views and 0-d views', () => {
    const t = strided('float32', [1, 9, 8, 2, 7, 3], [3, 2], [1, 3]); // [[1,2],[9,7],[8,3]]
    assert.deepEqual(values(js.argReduce('argmax', t, 1)), [1, 0, 0]);
    assert.deepEqual(values(js.argReduce('argmax', t, 0)), [1, 1]);
    const flipped = strided('int32', [4, 1, 4], [3], [-1], 2);
    assert.deepEqual(values(js.argReduce('argmax', flipped, 0)), [0]);
    assert.deepEqual(values(js.argReduce('argmin', flipped, 0)), [1]);
    assert.deepEqual(values(js.argReduce('argmax', tensor('float32', [3], []), 0)), [0]);
    assert.deepEqual(values(js.argReduce('argmax', tensor('float32', [], [0, 3]), 1)), []);
  });
});

describe('js backend: cumsum', () => {
  it('is inclusive along either axis', () => {
    const x = tensor('float64', [1, 2, 3, 4, 5, 6], [2, 3]);
    assert.deepEqual(values(js.cumsum(x, 1, 'float64')), [1, 3, 6, 4, 9, 15]);
    assert.deepEqual(values(js.cumsum(x, 0, 'float64')), [1, 2, 3, 5, 7, 9]);
  });

  it('reads transposed and flipped views, writes row-major', () => {
    const t = strided('float64', [1, 2, 3, 4, 5, 6], [3, 2], [1, 3]); // [[1,4],[2,5],[3,6]]
    assert.deepEqual(values(js.cumsum(t, 0, 'float64')), [1, 4, 3, 9, 6, 15]);
    const flipped = strided('int32', [1, 2, 3], [3], [-1], 2);
    assert.deepEqual(values(js.cumsum(flipped, 0, 'int32')), [3, 5, 6]);
  });

  it('handles NaN, dtype conversion, 0-d and empty', () => {
    assert.deepEqual(values(js.cumsum(tensor('float32', [1, NaN, 2]), 0, 'float32')), [1, NaN, NaN]);
    assert.deepEqual(values(js.cumsum(tensor('bool', [1, 0, 1]), 0, 'int32')), [1, 1, 2]);
    assert.deepEqual(values(js.cumsum(tensor('float32', [0.1, 0.2]), 0, 'float32')), [f32(0.1), f32(f32(0.1) + f32(0.2))]);
    assert.deepEqual(values(js.cumsum(tensor('float32', [4], []), 0, 'float32')), [4]);
    assert.deepEqual(values(js.cumsum(tensor('float32', [], [2, 0]), 1, 'float32')), []);
    assert.deepEqual(values(js.cumsum(tensor('float32', [], [0, 2]), 1, 'float32')), []);
  });
});

describe('js backend: sort', () => {
  it('sorts ascending with NaN last and is stable', () => {
    const x = tensor('float32', [3, NaN, -Infinity, 1, 3, Infinity, 1]);
    const { values: v, indices } = js.sort(x, 0, false);
    assert.deepEqual(values(v), [-Infinity, 1, 1, 3, 3, Infinity, NaN]);
    assert.deepEqual(values(indices), [2, 3, 6, 0, 4, 5, 1]);
    assert.equal(indices.dtype, 'int32');
    assert.equal(v.dtype, 'float32');
  });

  it('sorts descending with NaN first and is stable', () => {
    const x = tensor('float64', [3, NaN, 1, 3, Infinity, NaN, 1]);
    const { values: v, indices } = js.sort(x, 0, true);
    assert.deepEqual(values(v), [NaN, NaN, Infinity, 3, 3, 1, 1]);
    assert.deepEqual(values(indices), [1, 5, 4, 0, 3, 2, 6]);
  });

  it('sorts along axis 0 of a transposed view, writing row-major', () => {
    const t = strided('int32', [3, 1, 2, 9, 7, 8], [3, 2], [1, 3]); // [[3,9],[1,7],[2,8]]
    const { values: v, indices } = js.sort(t, 0, false);
    assert.deepEqual(values(v), [1, 7, 2, 8, 3, 9]);
    assert.deepEqual(values(indices), [1, 1, 2, 2, 0, 0]);
    const rows = js.sort(t, 1, true);
    assert.deepEqual(values(rows.values), [9, 3, 7, 1, 8, 2]);
    assert.deepEqual(values(rows.indices), [1, 0, 1, 0, 1, 0]);
  });

  it('sorts flipped views, bools, 0-d and empty', () => {
    const flipped = strided('float32', [1, 3, 2], [3], [-1], 2); // [2, 3, 1]
    const f = js.sort(flipped, 0, false);
    assert.deepEqual(values(f.values), [1, 2, 3]);
    assert.deepEqual(values(f.indices), [2, 0, 1]);
    assert.deepEqual(values(js.sort(tensor('bool', [1, 0, 1]), 0, false).values), [0, 1, 1]);
    const s = js.sort(tensor('float32', [5], []), 0, false);
    assert.deepEqual([values(s.values), values(s.indices)], [[5], [0]]);
    const e = js.sort(tensor('float32', [], [3, 0]), 1, false);
    assert.deepEqual([values(e.values), values(e.indices)], [[], []]);
  });
});

describe('js backend: matmul', () => {
  /** Naive reference on plain nested loops, for layouts checked against each other. */
  function reference(a: number[], b: number[], m: number, k: number, n: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
        out.push(s);
      }
    }
    return out;
  }

  it('multiplies contiguous matrices', () => {
    const a = tensor('float64', [1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tensor('float64', [7, 8, 9, 10, 11, 12], [3, 2]);
    assert.deepEqual(values(js.matmul(a, b, 'float64')), [58, 64, 139, 154]);
  });

  it('gives the same result for transposed, flipped and offset operands', () => {
    const m = 3;
    const k = 4;
    const n = 5;
    const aVals = Array.from({ length: m * k }, (_, i) => ((i * 7) % 11) - 5);
    const bVals = Array.from({ length: k * n }, (_, i) => ((i * 5) % 13) - 6);
    const expected = reference(aVals, bVals, m, k, n);
    const transpose = (v: number[], r: number, c: number) =>
      Array.from({ length: r * c }, (_, i) => v[(i % r) * c + Math.floor(i / r)]!);
    // a as a transposed view of its transpose; b likewise (the dot-product loop order).
    const aT = strided('float64', transpose(aVals, m, k), [m, k], [1, m]);
    const bT = strided('float64', transpose(bVals, k, n), [k, n], [1, k]);
    const aC = tensor('float64', aVals, [m, k]);
    const bC = tensor('float64', bVals, [k, n]);
    for (const [a, b] of [
      [aC, bC],
      [aT, bC],
      [aC, bT],
      [aT, bT],
    ] as const) {
      assert.deepEqual(values(js.matmul(a, b, 'float64')), expected);
    }
    // b flipped in both dimensions and stored with a leading pad.
    const bFlipped = strided('float64', [0, ...[...bVals].reverse()], [k, n], [-n, -1], k * n);
    assert.deepEqual(values(js.matmul(aC, bFlipped, 'float64')), expected);
  });

  it('batches, with a stride-0 broadcast batch dimension', () => {
    const a = tensor('float32', [1, 0, 0, 1, 2, 0, 0, 2], [2, 2, 2]);
    const b = strided('float32', [1, 2, 3, 4], [2, 2, 2], [0, 2, 1]);
    assert.deepEqual(values(js.matmul(a, b, 'float32')), [1, 2, 3, 4, 2, 4, 6, 8]);
    const a4 = strided('float32', [1, 1], [2, 3, 1, 2], [0, 0, 2, 1]);
    const b4 = tensor('float32', Array.from({ length: 12 }, (_, i) => i), [2, 3, 2, 1]);
    assert.deepEqual(values(js.matmul(a4, b4, 'float32')), [1, 5, 9, 13, 17, 21]);
  });

  it('batches transposed b, packing each batch matrix (and a broadcast one once)', () => {
    const a = tensor('float64', [1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    // b[0] = [[1,2],[3,4]], b[1] = [[5,6],[7,8]], stored column-major per batch.
    const bT = strided('float64', [1, 3, 2, 4, 5, 7, 6, 8], [2, 2, 2], [4, 1, 2]);
    assert.deepEqual(values(js.matmul(a, bT, 'float64')), [7, 10, 15, 22, 67, 78, 91, 106]);
    const shared = strided('float64', [1, 3, 2, 4], [2, 2, 2], [0, 1, 2]);
    assert.deepEqual(values(js.matmul(a, shared, 'float64')), [7, 10, 15, 22, 23, 34, 31, 46]);
  });

  it('gives zeros for K = 0 and an empty result for M = 0 or batch 0', () => {
    const a = tensor('float32', [], [2, 0]);
    const b = tensor('float32', [], [0, 3]);
    assert.deepEqual(values(js.matmul(a, b, 'float32')), [0, 0, 0, 0, 0, 0]);
    assert.deepEqual(values(js.matmul(tensor('float32', [], [0, 2]), tensor('float32', [1, 2], [2, 1]), 'float32')), []);
    assert.deepEqual(values(js.matmul(tensor('float32', [], [0, 1, 1]), tensor('float32', [], [0, 1, 1]), 'float32')), []);
  });

  it('propagates NaN and ∞ (0 · NaN is NaN, nothing is skipped)', () => {
    const a = tensor('float64', [0, 1], [1, 2]);
    const b = tensor('float64', [NaN, Infinity, 2, 3], [2, 2]);
    assert.deepEqual(values(js.matmul(a, b, 'float64')), [NaN, NaN]);
  });

  it('accumulates in doubles and rounds once to float32; supports int32', () => {
    const a = tensor('float32', [16777216, 1, 1], [1, 3]);
    const b = tensor('float32', [1, 1, 1], [3, 1]);
    assert.deepEqual(values(js.matmul(a, b, 'float32')), [16777218]);
    const ai = tensor('int32', [1, 2, 3, 4], [2, 2]);
    assert.deepEqual(values(js.matmul(ai, ai, 'int32')), [7, 10, 15, 22]);
  });
});

describe('js backend: gather', () => {
  const x = () => tensor('float32', [1, 2, 3, 4, 5, 6], [2, 3]);

  it('gathers along axis 1 and axis 0 like torch.gather', () => {
    assert.deepEqual(values(js.gather(x(), 1, tensor('int32', [2, 0, 1, 1], [2, 2]))), [3, 1, 5, 5]);
    assert.deepEqual(values(js.gather(x(), 0, tensor('int32', [1, 0, 1], [1, 3]))), [4, 2, 6]);
    const out = js.gather(x(), 1, tensor('int32', [0, 2], [2, 1]));
    assert.deepEqual(values(out), [1, 6]);
    assert.equal(out.dtype, 'float32');
  });

  it('reads strided x and strided index', () => {
    const t = strided('float64', [1, 2, 3, 4, 5, 6], [3, 2], [1, 3]); // [[1,4],[2,5],[3,6]]
    const idx = strided('int32', [1, 0], [3, 1], [0, 1]); // every row picks column 1
    assert.deepEqual(values(js.gather(t, 1, idx)), [4, 5, 6]);
    const flipped = strided('int32', [10, 20, 30], [3], [-1], 2); // [30, 20, 10]
    assert.deepEqual(values(js.gather(flipped, 0, tensor('int32', [0, 2, 2]))), [30, 10, 10]);
  });

  it('handles bool x, 0-d and empty index', () => {
    assert.deepEqual(values(js.gather(tensor('bool', [0, 1]), 0, tensor('int32', [1, 1, 0]))), [1, 1, 0]);
    assert.deepEqual(values(js.gather(tensor('float32', [7], []), 0, tensor('int32', [0], []))), [7]);
    assert.deepEqual(values(js.gather(x(), 1, tensor('int32', [], [2, 0]))), []);
  });
});

describe('js backend: scatterAdd', () => {
  it('adds src at the indexed positions, accumulating duplicates', () => {
    const base = tensor('float32', [0, 0, 0, 0, 0, 0], [2, 3]);
    const index = tensor('int32', [0, 0, 2, 1], [2, 2]);
    const src = tensor('float32', [1, 2, 3, 4], [2, 2]);
    assert.deepEqual(values(js.scatterAdd(base, 1, index, src)), [3, 0, 0, 0, 4, 3]);
    const rows = js.scatterAdd(base, 0, tensor('int32', [1, 1, 0], [1, 3]), tensor('float32', [5, 6, 7], [1, 3]));
    assert.deepEqual(values(rows), [0, 0, 7, 5, 6, 0]);
  });

  it('leaves the base untouched and reads strided base and src', () => {
    const baseBuf = js.upload('float64', new Float64Array([1, 2, 3, 4]));
    const base = view(baseBuf, [2, 2], [1, 2]); // [[1,3],[2,4]]
    const src = strided('float64', [10], [2, 1], [0, 0]);
    const out = js.scatterAdd(base, 1, tensor('int32', [1, 0], [2, 1]), src);
    assert.deepEqual(values(out), [1, 13, 12, 4]);
    assert.deepEqual(values(baseBuf), [1, 2, 3, 4]);
  });

  it('keeps base dtype: int32 wraps, 0-d and empty work', () => {
    const out = js.scatterAdd(tensor('int32', [2147483647, 0]), 0, tensor('int32', [0, 1]), tensor('int32', [1, 5]));
    assert.deepEqual(values(out), [-2147483648, 5]);
    assert.equal(out.dtype, 'int32');
    const s = js.scatterAdd(tensor('float32', [1], []), 0, tensor('int32', [0], []), tensor('float32', [2], []));
    assert.deepEqual(values(s), [3]);
    const e = js.scatterAdd(tensor('float32', [1, 2]), 0, tensor('int32', []), tensor('float32', []));
    assert.deepEqual(values(e), [1, 2]);
  });
});

