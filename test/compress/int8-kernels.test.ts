/**
 * The int8 arithmetic against plain float references: the int8 × int8 → int32 product is exact,
 * the number formats keep their error bounds, and the quantised layers compute exactly the float
 * layer applied to the dequantised input and weights (the "fake quantisation" reference).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  affineParams,
  Conv1d,
  Conv2d,
  conv1d,
  conv2d,
  Generator,
  int8Matmul,
  int8MatmulTransposed,
  int8WasmAvailable,
  Linear,
  MAX_INT8_INNER,
  QuantizedConv1d,
  QuantizedConv2d,
  QuantizedLinear,
  quantizeAffine,
  quantizeAffineFast,
  quantizeSymmetricPerChannel,
  randn,
  tensor,
  type Tensor,
  ValueError,
} from '../../src/index.js';

function randomInt8(n: number, g: Generator): Int8Array {
  return Int8Array.from(randn([n], { generator: g }).mul(60).dataSync(), (v) => Math.max(-128, Math.min(127, Math.round(v))));
}

function maxAbsDiff(a: Tensor, b: Tensor): number {
  return a.sub(b).abs().max().item();
}

/** x̂ = s·(q − z): the values the int8 layer actually sees. */
function fakeQuantized(x: Tensor, min: number, max: number): Tensor {
  const p = affineParams(min, max);
  const q = quantizeAffine(x.dataSync(), p);
  return tensor(Float32Array.from(q, (v) => p.scale * (v - p.zeroPoint)), { shape: x.shape });
}

describe('int8MatmulTransposed', () => {
  for (const [m, n, k] of [[1, 1, 1], [3, 5, 7], [8, 4, 33], [2, 9, 200], [5, 0, 3]] as const) {
    test(`equals the float64 product exactly for M=${m}, N=${n}, K=${k}`, () => {
      const g = new Generator(m * 100 + n * 10 + k);
      const a = randomInt8(m * k, g);
      const b = randomInt8(n * k, g);
      const c = int8MatmulTransposed(a, b, m, n, k);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) s += a[i * k + p]! * b[j * k + p]!;
          assert.equal(c[i * n + j], s);
        }
      }
    });
  }

  test('extreme values sum without overflow at the largest inner length', () => {
    const k = MAX_INT8_INNER;
    const c = int8MatmulTransposed(new Int8Array(k).fill(-128), new Int8Array(2 * k).fill(-128), 1, 2, k);
    assert.deepEqual([...c], [128 * 128 * k, 128 * 128 * k]);
    assert.ok(128 * 128 * k < 2 ** 31);
  });

  test('refuses mismatched lengths and an inner length that could overflow', () => {
    assert.throws(() => int8MatmulTransposed(new Int8Array(5), new Int8Array(6), 2, 2, 3), ValueError);
    assert.throws(() => int8MatmulTransposed(new Int8Array(MAX_INT8_INNER + 1), new Int8Array(MAX_INT8_INNER + 1), 1, 1, MAX_INT8_INNER + 1), /K must be at most/);
  });
});

describe('int8Matmul (WebAssembly SIMD)', () => {
  test('is in use on this machine unless SPROUT_BACKEND=js', () => {
    assert.equal(int8WasmAvailable(), process.env['SPROUT_BACKEND'] !== 'js');
  });

  for (const [m, n, k] of [[1, 1, 1], [2, 2, 16], [3, 5, 17], [7, 9, 100], [64, 33, 784], [5, 0, 3]] as const) {
    test(`equals the TypeScript reference bit for bit for M=${m}, N=${n}, K=${k} (tiles and tails)`, () => {
      const g = new Generator(m + 31 * n + 977 * k);
      const a = randomInt8(m * k, g);
      const b = randomInt8(n * k, g);
      a[0] = -128;
      if (b.length > 0) b[b.length - 1] = -128;
      assert.deepEqual(int8Matmul(a, b, m, n, k), int8MatmulTransposed(a, b, m, n, k));
    });
  }
});

describe('number formats', () => {
  test('symmetric per-channel weights: |w − s·q| ≤ s/2, each channel reaches ±127, zero channels stay zero', () => {
    const g = new Generator(1);
    const w = randn([6, 40], { generator: g }).mul(tensor([[0.01], [0.1], [1], [10], [0], [3]])).dataSync();
    const { values, scales } = quantizeSymmetricPerChannel(w, 6);
    for (let c = 0; c < 6; c++) {
      let largest = 0;
      for (let i = c * 40; i < (c + 1) * 40; i++) {
        assert.ok(Math.abs(w[i]! - scales[c]! * values[i]!) <= scales[c]! / 2 + 1e-7 * Math.abs(w[i]!), `channel ${c} element ${i}`);
        largest = Math.max(largest, Math.abs(values[i]!));
      }
      assert.equal(largest, c === 4 ? 0 : 127);
    }
  });

  test('affine activations: 0 is exact, in-range error ≤ s/2, out-of-range values saturate', () => {
    const p = affineParams(-1.5, 4);
    assert.equal(quantizeAffine([0], p)[0], p.zeroPoint);
    const xs = Array.from({ length: 1001 }, (_, i) => -1.5 + (5.5 * i) / 1000);
    const q = quantizeAffine(xs, p);
    xs.forEach((x, i) => assert.ok(Math.abs(x - p.scale * (q[i]! - p.zeroPoint)) <= p.scale / 2 + 1e-6, `x = ${x}`));
    assert.deepEqual([...quantizeAffine([-100, 100, NaN], p)], [-128, 127, p.zeroPoint]);
    assert.deepEqual(affineParams(0, 6), { scale: Math.fround(6 / 255), zeroPoint: -128 });
    assert.throws(() => affineParams(2, 1), /min ≤ max/);
  });

  test('halves round to even, and the WebAssembly quantiser gives the same bytes as the TypeScript one', () => {
    const p = { scale: 0.5, zeroPoint: 0 };
    assert.deepEqual([...quantizeAffine([0.25, 0.75, -0.25, -0.75, 1.25], p)], [0, 2, 0, -2, 2]);
    const g = new Generator(12);
    const special = [0, -0, 0.25, 0.75, -1.25, 1e30, -1e30, Infinity, -Infinity, NaN, 3.4e38];
    const values = Float32Array.from([...special, ...randn([5000], { generator: g }).mul(3).dataSync()]);
    for (const params of [affineParams(-2, 5), affineParams(0, 1), { scale: 0.5, zeroPoint: 3 }]) {
      assert.deepEqual(quantizeAffineFast(values, params), quantizeAffine(values, params));
    }
  });
});

describe('quantised layers equal the float layer on dequantised values', () => {
  const g = new Generator(7);

  test('QuantizedLinear', () => {
    const linear = new Linear(37, 11, { generator: g });
    const x = randn([9, 37], { generator: g });
    const [min, max] = [x.min().item(), x.max().item()];
    const q = QuantizedLinear.fromLinear(linear, affineParams(min, max));
    const reference = fakeQuantized(x, min, max).matmul(q.dequantizedWeight().transpose()).add(linear.bias!);
    assert.ok(maxAbsDiff(q.forward(x), reference) < 1e-4);
  });

  test('QuantizedConv2d with padding, stride, dilation and groups', () => {
    const conv = new Conv2d(4, 6, [3, 2], { padding: [2, 1], stride: [1, 2], dilation: [2, 1], groups: 2, generator: g });
    const x = randn([2, 4, 9, 8], { generator: g }).relu();
    const [min, max] = [x.min().item(), x.max().item()];
    const q = QuantizedConv2d.fromConv2d(conv, affineParams(min, max));
    const reference = conv2d(fakeQuantized(x, min, max), q.dequantizedWeight(), conv.bias, { padding: [2, 1], stride: [1, 2], dilation: [2, 1], groups: 2 });
    const y = q.forward(x);
    assert.deepEqual(y.shape, reference.shape);
    assert.ok(maxAbsDiff(y, reference) < 1e-4);
  });

  test("QuantizedConv2d with 'same' padding and an unbatched input", () => {
    const conv = new Conv2d(3, 5, 3, { padding: 'same', bias: false, generator: g });
    const x = randn([3, 6, 6], { generator: g });
    const [min, max] = [x.min().item(), x.max().item()];
    const q = QuantizedConv2d.fromConv2d(conv, affineParams(min, max));
    const reference = conv2d(fakeQuantized(x, min, max), q.dequantizedWeight(), null, { padding: 'same' });
    assert.deepEqual(q.forward(x).shape, [5, 6, 6]);
    assert.ok(maxAbsDiff(q.forward(x), reference) < 1e-4);
  });

  test('QuantizedConv1d', () => {
    const conv = new Conv1d(3, 4, 5, { padding: 2, stride: 2, generator: g });
    const x = randn([2, 3, 17], { generator: g });
    const [min, max] = [x.min().item(), x.max().item()];
    const q = QuantizedConv1d.fromConv1d(conv, affineParams(min, max));
    const reference = conv1d(fakeQuantized(x, min, max), q.dequantizedWeight(), conv.bias, { padding: 2, stride: 2 });
    assert.deepEqual(q.forward(x).shape, reference.shape);
    assert.ok(maxAbsDiff(q.forward(x), reference) < 1e-4);
  });
});
