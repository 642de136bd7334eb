/**
 * The wasm backend against the JS backend (the spec), kernel by kernel: every SIMD path (matmul
 * blocking edges and transposes, elementwise broadcasting walks, comparisons, sums, copies, exp,
 * softmax, where) and a
 * sample of the JS fallbacks, on the same inputs. Arithmetic that rounds once (add, sub, mul, div,
 * sqrt, max, min, comparisons, casts) must match bit for bit; matmul and sums within float32
 * accumulation error.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { BackendBuffer, BinaryOp, DType, KernelBackend, StridedView, UnaryOp } from '../../src/backends/contract.js';
import { contiguousStrides } from '../../src/backends/js/strided.js';
import { WasmBackend } from '../../src/backends/wasm/wasm-backend.js';
import { arrayOf, js } from './js-helpers.js';

const wasm = new WasmBackend();

/** The same data on both backends, seen through the same layout. */
interface Pair {
  readonly js: StridedView;
  readonly wasm: StridedView;
}

function pair(
  dtype: DType,
  data: readonly number[],
  shape: readonly number[],
  strides: readonly number[] = contiguousStrides(shape),
  offset = 0,
): Pair {
  const on = (backend: KernelBackend): StridedView => ({
    buffer: backend.upload(dtype, arrayOf(dtype, data)),
    shape,
    strides,
    offset,
  });
  return { js: on(js), wasm: on(wasm) };
}

/** Deterministic pseudo-random values in [-2, 2). */
function randomValues(n: number, seed: number): number[] {
  const out: number[] = [];
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(Math.fround((s / 2 ** 32) * 4 - 2));
  }
  return out;
}

const SPECIAL = [NaN, 0, -0, Infinity, -Infinity, 0.5, -0.5, 1.5, 2.5, -2.5, 1e-40, -3, 7, 1e30, -1e30, 4];

function read(backend: KernelBackend, buffer: BackendBuffer): number[] {
  return Array.from(backend.readSync(buffer));
}

function assertSame(actual: BackendBuffer, expected: BackendBuffer, context: string, rtol = 0, atol = 0): void {
  assert.equal(actual.dtype, expected.dtype, `${context}: dtype`);
  const got = read(wasm, actual);
  const want = read(js, expected);
  assert.equal(got.length, want.length, `${context}: length`);
  for (let i = 0; i < want.length; i++) {
    const a = got[i]!;
    const e = want[i]!;
    const ok =
      rtol === 0 && atol === 0
        ? Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e))
        : Number.isNaN(e)
          ? Number.isNaN(a)
          : !Number.isFinite(e)
            ? a === e
            : Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) assert.fail(`${context}: element ${i} is ${a}, expected ${e}`);
  }
}

describe('wasm backend: memory', () => {
  it('allocates zero-filled buffers and reads back copies', () => {
    for (const dtype of ['float32', 'float64', 'int32', 'bool'] as const) {
      const b = wasm.fill(dtype, 5, 1);
      wasm.release(b);
      const z = wasm.allocate(dtype, 5);
      assert.deepEqual(read(wasm, z), [0, 0, 0, 0, 0]);
      const copy = wasm.readSync(z);
      wasm.release(z);
      wasm.fill(dtype, 5, 1);
      assert.deepEqual(Array.from(copy), [0, 0, 0, 0, 0], 'readSync must not alias wasm memory');
    }
    assert.equal(wasm.allocate('float32', 0).size, 0);
  });

  it('keeps data across memory growth and releases twice safely', () => {
    const small = wasm.upload('float32', Float32Array.from([1, 2, 3]));
    const before = wasm.memoryStats().memoryBytes;
    const big = wasm.allocate('float32', before / 2);
    assert.ok(wasm.memoryStats().memoryBytes > before, 'the memory should have grown');
    assert.deepEqual(read(wasm, small), [1, 2, 3]);
    const doubled = wasm.binary('add', { buffer: small, shape: [3], strides: [1], offset: 0 }, { buffer: small, shape: [3], strides: [1], offset: 0 }, 'float32');
    assert.deepEqual(read(wasm, doubled), [2, 4, 6]);
    const inUse = wasm.memoryStats().bytesInUse;
    wasm.release(big);
    wasm.release(big);
    assert.equal(wasm.memoryStats().bytesInUse, inUse - (before / 2) * 4);
  });

  it('rejects buffers of another backend', () => {
    const foreign = js.upload('float32', Float32Array.from([1]));
    assert.throws(() => wasm.readSync(foreign), /expected a buffer created by the wasm backend/);
  });
});

describe('wasm backend: matmul (SIMD, packed; unpacked for M ≤ 8)', () => {
  const cases: readonly (readonly [number, number, number])[] = [
    [1, 1, 1], [3, 5, 7], [4, 8, 8], [13, 17, 9], [37, 300, 29], [130, 513, 67], [2, 3, 2100], [0, 3, 4], [3, 0, 4],
    // M ≤ 8 (kernels/matmul-small.ts): dot products and row updates with K and N tails; M = 9 packs.
    [1, 784, 33], [2, 19, 33], [5, 64, 10], [8, 37, 20], [9, 16, 16],
  ];
  for (const [m, k, n] of cases) {
    for (const aT of [false, true]) {
      for (const bT of [false, true]) {
        it(`${m}×${k} · ${k}×${n}${aT ? ' (A transposed)' : ''}${bT ? ' (B transposed)' : ''}`, () => {
          const a = pair('float32', randomValues(m * k, m + k), [m, k], aT ? [1, m] : [k, 1]);
          const b = pair('float32', randomValues(k * n, k + n), [k, n], bT ? [1, k] : [n, 1]);
          // float32 accumulation (the reference sums in float64): error ≤ K·ε·Σ|a||b| with |a|, |b| ≤ 2.
          const atol = k * 2 ** -24 * 4 * 2;
          assertSame(wasm.matmul(a.wasm, b.wasm, 'float32'), js.matmul(a.js, b.js, 'float32'), 'matmul', 1e-5, atol);
        });
      }
    }
  }

  it('handles offsets, negative strides and broadcast batches', () => {
    // a: [2, 3, 4] read backwards along the last axis, from offset 3 of each row; b broadcast (stride 0).
    const a = pair('float32', randomValues(2 * 3 * 4, 1), [2, 3, 4], [12, 4, -1], 3);
    const b = pair('float32', randomValues(4 * 5, 2), [2, 4, 5], [0, 5, 1]);
    assertSame(wasm.matmul(a.wasm, b.wasm, 'float32'), js.matmul(a.js, b.js, 'float32'), 'batched matmul', 1e-5, 1e-6);
  });

  it('propagates NaN and infinities like the reference', () => {
    const a = pair('float32', [NaN, 1, Infinity, 0, 2, 3], [2, 3]);
    const b = pair('float32', [1, 2, 0, 1, 1, 1], [3, 2]);
    assertSame(wasm.matmul(a.wasm, b.wasm, 'float32'), js.matmul(a.js, b.js, 'float32'), 'special values');
  });

  it('falls back to the reference for float64 and int32', () => {
    for (const dtype of ['float64', 'int32'] as const) {
      const a = pair(dtype, [1, 2, 3, 4, 5, 6], [2, 3]);
      const b = pair(dtype, [1, 0, -1, 2, 3, 1], [3, 2]);
      assertSame(wasm.matmul(a.wasm, b.wasm, dtype), js.matmul(a.js, b.js, dtype), dtype);
    }
  });
});

describe('wasm backend: unary', () => {
  const ops: readonly UnaryOp[] = ['neg', 'abs', 'sqrt', 'rsqrt', 'relu', 'floor', 'ceil', 'round', 'exp', 'tanh', 'sigmoid'];
  for (const op of ops) {
    it(`${op} on special values and a non-multiple-of-4 length`, () => {
      const x = pair('float32', [...SPECIAL, ...randomValues(23, 3)], [SPECIAL.length + 23]);
      const exact = op !== 'rsqrt' && op !== 'exp' && op !== 'tanh' && op !== 'sigmoid';
      assertSame(wasm.unary(op, x.wasm, 'float32'), js.unary(op, x.js, 'float32'), op, exact ? 0 : 1e-6, 0);
    });
  }

  it('exp stays within 2 ulp of the correctly rounded value from −104 to 89', () => {
    const values: number[] = [];
    for (let v = -104; v <= 89; v += 0.0137) values.push(Math.fround(v));
    const x = pair('float32', values, [values.length]);
    const got = read(wasm, wasm.unary('exp', x.wasm, 'float32'));
    values.forEach((v, i) => {
      const want = Math.fround(Math.exp(v));
      const ulp = want === 0 ? 2 ** -149 : Math.max(2 ** -149, 2 ** (Math.floor(Math.log2(Math.abs(want))) - 23));
      if (!Number.isFinite(want)) assert.equal(got[i], want, `exp(${v})`);
      else assert.ok(Math.abs(got[i]! - want) <= 2 * ulp, `exp(${v}) = ${got[i]}, expected ${want}`);
    });
  });

  it('strided inputs fall back to the reference', () => {
    const x = pair('float32', randomValues(12, 4), [3, 4], [1, 3]);
    assertSame(wasm.unary('relu', x.wasm, 'float32'), js.unary('relu', x.js, 'float32'), 'transposed relu');
  });
});

describe('wasm backend: binary', () => {
  const arithmetic: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'pow'];
  const compare: readonly BinaryOp[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'];
  const n = SPECIAL.length;
  // [name, a layout, b layout] over an output of shape [n, 5] or [n].
  const walks: readonly (readonly [string, () => Pair, () => Pair])[] = [
    ['equal shapes', () => pair('float32', [...SPECIAL, ...randomValues(5, 1)], [n + 5]), () => pair('float32', [...randomValues(5, 2), ...SPECIAL], [n + 5])],
    ['scalar on the right', () => pair('float32', [...SPECIAL, 3], [n + 1]), () => pair('float32', [0.5], [n + 1], [0])],
    ['scalar on the left', () => pair('float32', [-0], [n], [0]), () => pair('float32', SPECIAL, [n])],
    ['bias row', () => pair('float32', randomValues(n * 5, 3), [n, 5]), () => pair('float32', [1, -0, NaN, 2, Infinity], [n, 5], [0, 1])],
    ['per-row value', () => pair('float32', randomValues(n * 5, 4), [n, 5]), () => pair('float32', SPECIAL, [n, 5], [1, 0])],
    ['transposed (fallback)', () => pair('float32', randomValues(n * 5, 5), [n, 5], [1, n]), () => pair('float32', randomValues(n * 5, 6), [n, 5])],
    // Walkable only after peeling the leading dimension: a conv bias [C, 1, 1] over [N, C, H, W],
    // and a keepdim max [N, C, 1, Q] broadcast back over the window taps [N, C, K, Q].
    ['conv bias (peeled)', () => pair('float32', randomValues(2 * 3 * 4 * 5, 9), [2, 3, 4, 5]), () => pair('float32', [1, NaN, -2], [2, 3, 4, 5], [0, 1, 0, 0])],
    ['per-window value (peeled)', () => pair('float32', randomValues(2 * 3 * 4 * 20, 10), [2, 3, 4, 20]), () => pair('float32', [...SPECIAL, ...randomValues(104, 11)], [2, 3, 4, 20], [60, 20, 0, 1])],
  ];
  for (const [name, makeA, makeB] of walks) {
    it(`arithmetic and comparisons, ${name}`, () => {
      const a = makeA();
      const b = makeB();
      for (const op of arithmetic) assertSame(wasm.binary(op, a.wasm, b.wasm, 'float32'), js.binary(op, a.js, b.js, 'float32'), op);
      for (const op of compare) assertSame(wasm.binary(op, a.wasm, b.wasm, 'bool'), js.binary(op, a.js, b.js, 'bool'), op);
    });
  }

  it('comparisons over long rows (the 16-wide path) and int32 operands (fallback)', () => {
    const a = pair('float32', randomValues(70, 7), [70]);
    const b = pair('float32', randomValues(70, 8), [70]);
    for (const op of compare) assertSame(wasm.binary(op, a.wasm, b.wasm, 'bool'), js.binary(op, a.js, b.js, 'bool'), op);
    const ia = pair('int32', [1, 2, 3, -4], [4]);
    const ib = pair('int32', [2, 2, -3, 4], [4]);
    assertSame(wasm.binary('mul', ia.wasm, ib.wasm, 'int32'), js.binary('mul', ia.js, ib.js, 'int32'), 'int32 mul');
    assertSame(wasm.binary('lt', ia.wasm, ib.wasm, 'bool'), js.binary('lt', ia.js, ib.js, 'bool'), 'int32 lt');
  });

  it('where falls back to the reference', () => {
    const c = pair('bool', [1, 0, 1, 0], [4]);
    const a = pair('float32', [1, 2, 3, 4], [4]);
    const b = pair('float32', [5], [4], [0]);
    assertSame(wasm.where(c.wasm, a.wasm, b.wasm, 'float32'), js.where(c.js, a.js, b.js, 'float32'), 'where');
  });
});

describe('wasm backend: softmax and where', () => {
  it('softmax and log-softmax along rows of every length 1–37, with ±∞ and NaN rows', () => {
    for (let len = 1; len <= 37; len++) {
      const values = randomValues(3 * len, len).map((v) => v * 20);
      values[len] = -Infinity; // a −∞ logit (a masked position) in row 1
      const x = pair('float32', values, [3, len]);
      for (const log of [false, true]) {
        assertSame(wasm.softmax(x.wasm, 1, log, 'float32'), js.softmax(x.js, 1, log, 'float32'), `len ${len} log ${log}`, 2e-6, 1e-7);
      }
    }
    // Long rows: sums in the thousands test the kernel's own logarithm.
    const long = pair('float32', [...new Array<number>(5000).fill(0.25), ...randomValues(3000, 40)], [2, 4000]);
    for (const log of [false, true]) assertSame(wasm.softmax(long.wasm, 1, log, 'float32'), js.softmax(long.js, 1, log, 'float32'), `rows of 4,000, log ${log}`, 2e-6, 1e-9);
    const special = pair('float32', [1, NaN, 2, 3, -Infinity, -Infinity, -Infinity, -Infinity, 1e30, -1e30, 0, 5], [3, 4]);
    for (const log of [false, true]) assertSame(wasm.softmax(special.wasm, 1, log, 'float32'), js.softmax(special.js, 1, log, 'float32'), `special rows, log ${log}`, 2e-6, 1e-7);
  });

  it('softmax along a leading or strided axis falls back to the reference', () => {
    const x = pair('float32', randomValues(12, 13), [3, 4]);
    assertSame(wasm.softmax(x.wasm, 0, false, 'float32'), js.softmax(x.js, 0, false, 'float32'), 'axis 0');
    const t = pair('float32', randomValues(12, 14), [4, 3], [1, 4]);
    assertSame(wasm.softmax(t.wasm, 1, true, 'float32'), js.softmax(t.js, 1, true, 'float32'), 'transposed');
  });

  it('where over flat runs: a causal mask broadcast over batch and heads, a scalar fill, and its gradient form', () => {
    const t = 6;
    const causal = Array.from({ length: t * t }, (_, i) => (i % t > Math.floor(i / t) ? 1 : 0));
    const mask = pair('bool', causal, [2, 3, t, t], [0, 0, t, 1]);
    const fill = pair('float32', [-Infinity], [2, 3, t, t], [0, 0, 0, 0]);
    const scores = pair('float32', randomValues(2 * 3 * t * t, 15), [2, 3, t, t]);
    assertSame(wasm.where(mask.wasm, fill.wasm, scores.wasm, 'float32'), js.where(mask.js, fill.js, scores.js, 'float32'), 'mask fill');
    assertSame(wasm.where(mask.wasm, scores.wasm, fill.wasm, 'float32'), js.where(mask.js, scores.js, fill.js, 'float32'), 'operands swapped');
    const flat = pair('bool', [1, 0, 0, 1, 1, 0, 1, 0, 1], [9]);
    const a = pair('float32', randomValues(9, 16), [9]);
    const b = pair('float32', [NaN, ...randomValues(8, 17)], [9]);
    assertSame(wasm.where(flat.wasm, a.wasm, b.wasm, 'float32'), js.where(flat.js, a.js, b.js, 'float32'), 'short flat run');
    const transposed = pair('float32', randomValues(36, 18), [6, 6], [1, 6]);
    const plain = pair('bool', causal, [6, 6]);
    assertSame(wasm.where(plain.wasm, transposed.wasm, transposed.wasm, 'float32'), js.where(plain.js, transposed.js, transposed.js, 'float32'), 'transposed (fallback)');
  });
});

describe('wasm backend: reductions', () => {
  const shapes: readonly (readonly [readonly number[], readonly number[]])[] = [
    [[7, 9], [1]], [[7, 9], [0]], [[7, 9], [0, 1]], [[2, 3, 5], [1, 2]], [[2, 3, 5], [0, 1]], [[2, 3, 5], [1]],
    [[0, 4], [1]], [[0, 4], [0]], [[3, 0], [1]], [[130], [0]],
    // Reduced blocks in the middle and on both sides (a max-pool window axis, a conv bias gradient).
    [[2, 3, 4, 9], [2]], [[4, 3, 5, 6], [0, 2, 3]], [[2, 1, 3, 5], [1, 3]], [[3, 1, 4], [1]],
  ];
  for (const [shape, axes] of shapes) {
    it(`sum, max and min of [${shape.join(', ')}] over [${axes.join(', ')}]`, () => {
      const size = shape.reduce((p, d) => p * d, 1);
      const x = pair('float32', randomValues(size, size), shape);
      assertSame(wasm.reduce('sum', x.wasm, axes, 'float32'), js.reduce('sum', x.js, axes, 'float32'), 'sum', 1e-6, 1e-7);
      if (shape.every((d, i) => d > 0 || !axes.includes(i))) {
        assertSame(wasm.reduce('max', x.wasm, axes, 'float32'), js.reduce('max', x.js, axes, 'float32'), 'max');
        assertSame(wasm.reduce('min', x.wasm, axes, 'float32'), js.reduce('min', x.js, axes, 'float32'), 'min');
      }
    });
  }

  it('reductions with special values (NaN propagates through max and min), and others fall back', () => {
    const x = pair('float32', [1, NaN, 2, Infinity, -Infinity, 3, 4, 5, -0, 0, 0, -0, 6, 7, 8, NaN, 1, 2, 3, 4], [2, 10]);
    for (const axes of [[1], [0]]) {
      assertSame(wasm.reduce('sum', x.wasm, axes, 'float32'), js.reduce('sum', x.js, axes, 'float32'), 'sum');
      assertSame(wasm.reduce('max', x.wasm, axes, 'float32'), js.reduce('max', x.js, axes, 'float32'), 'max');
      assertSame(wasm.reduce('min', x.wasm, axes, 'float32'), js.reduce('min', x.js, axes, 'float32'), 'min');
      assertSame(wasm.reduce('prod', x.wasm, axes, 'float32'), js.reduce('prod', x.js, axes, 'float32'), 'prod');
    }
    assertSame(wasm.argReduce('argmax', x.wasm, 1), js.argReduce('argmax', x.js, 1), 'argmax');
    assertSame(wasm.cumsum(x.wasm, 1, 'float32'), js.cumsum(x.js, 1, 'float32'), 'cumsum');
  });
});

describe('wasm backend: movement, indexing, random', () => {
  it('copies contiguous, offset, strided and casting views', () => {
    const x = pair('float32', [1.5, -2.5, NaN, 0, 3, 4], [2, 3]);
    assertSame(wasm.copy(x.wasm, 'float32'), js.copy(x.js, 'float32'), 'contiguous');
    const tail = pair('float32', [1.5, -2.5, NaN, 0, 3, 4], [4], [1], 2);
    assertSame(wasm.copy(tail.wasm, 'float32'), js.copy(tail.js, 'float32'), 'offset');
    const t = pair('float32', [1.5, -2.5, NaN, 0, 3, 4], [3, 2], [1, 3]);
    assertSame(wasm.copy(t.wasm, 'float32'), js.copy(t.js, 'float32'), 'transposed');
    for (const dtype of ['int32', 'bool', 'float64'] as const) assertSame(wasm.copy(x.wasm, dtype), js.copy(x.js, dtype), `to ${dtype}`);
    const cube = randomValues(24, 9);
    const permuted = pair('float32', cube, [4, 2, 3], [1, 12, 4]);
    assertSame(wasm.copy(permuted.wasm, 'float32'), js.copy(permuted.js, 'float32'), '3-d permutation');
    const flipped = pair('int32', [1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2], [-4, 1, -2], 6);
    assertSame(wasm.copy(flipped.wasm, 'int32'), js.copy(flipped.js, 'int32'), 'negative strides, int32');
    const fourD = pair('float32', randomValues(16, 10), [2, 2, 2, 2], [1, 8, 2, 4]);
    assertSame(wasm.copy(fourD.wasm, 'float32'), js.copy(fourD.js, 'float32'), '4-d permutation');
    // Attention's head split: [B, T, H, D] read as [B, H, T, D].
    const heads = pair('float32', randomValues(2 * 5 * 3 * 4, 12), [2, 3, 5, 4], [60, 4, 12, 1]);
    assertSame(wasm.copy(heads.wasm, 'float32'), js.copy(heads.js, 'float32'), 'attention head transpose');
    const mask = pair('bool', [1, 0, 1, 1, 0, 0, 1], [7]);
    assertSame(wasm.copy(mask.wasm, 'float32'), js.copy(mask.js, 'float32'), 'bool to float32');
  });

  it('copyInto writes through views, including overlapping self-copies', () => {
    const run = (backend: KernelBackend): number[] => {
      const buffer = backend.upload('float32', Float32Array.from([1, 2, 3, 4, 5]));
      backend.copyInto({ buffer, shape: [4], strides: [1], offset: 1 }, { buffer, shape: [4], strides: [1], offset: 0 });
      const other = backend.upload('float32', Float32Array.from([9, 8]));
      backend.copyInto({ buffer, shape: [2], strides: [1], offset: 0 }, { buffer: other, shape: [2], strides: [1], offset: 0 });
      backend.copyInto({ buffer, shape: [2], strides: [-1], offset: 4 }, { buffer: other, shape: [2], strides: [1], offset: 0 });
      return read(backend, buffer);
    };
    assert.deepEqual(run(wasm), run(js));
  });

  it('gather, scatterAdd, sort and random match the reference', () => {
    const x = pair('float32', [3, 1, 2, NaN, -0, 0], [2, 3]);
    const index = pair('int32', [2, 0, 1, -1], [2, 2]);
    assertSame(wasm.gather(x.wasm, 1, index.wasm), js.gather(x.js, 1, index.js), 'gather');
    const src = pair('float32', [1, 2, 3, 4], [2, 2]);
    assertSame(wasm.scatterAdd(x.wasm, 1, index.wasm, src.wasm), js.scatterAdd(x.js, 1, index.js, src.js), 'scatterAdd');
    const w = wasm.sort(x.wasm, 1, true);
    const j = js.sort(x.js, 1, true);
    assertSame(w.values, j.values, 'sort values');
    assertSame(w.indices, j.indices, 'sort indices');
    const stream = { key: [7, 11] as const, counter: 3 };
    for (const distribution of ['uniform', 'normal'] as const) {
      assertSame(wasm.random(distribution, 'float32', 9, stream), js.random(distribution, 'float32', 9, stream), distribution);
    }
  });
});
