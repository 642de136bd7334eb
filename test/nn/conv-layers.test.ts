/**
 * Behaviour of the conv layer family beyond the PyTorch fixtures: float64 results against a plain
 * loop reference, gradients by finite differences in float64, initialisation bounds, and the
 * errors every constructor and forward raises.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DTypeError, Generator, gradients, randn, ShapeError, sum, type Tensor, tensor, ValueError, zeros } from '../../src/index.js';
import { AvgPool2d } from '../../src/nn/avg-pool2d.js';
import { Conv1d } from '../../src/nn/conv1d.js';
import { Conv2d } from '../../src/nn/conv2d.js';
import { Flatten } from '../../src/nn/flatten.js';
import { avgPool2d, conv1d, conv2d, maxPool2d } from '../../src/nn/functional-conv.js';
import { GlobalAvgPool2d } from '../../src/nn/global-avg-pool2d.js';
import { MaxPool2d } from '../../src/nn/max-pool2d.js';

const f64 = (shape: number[], seed: number): Tensor => randn(shape, { generator: new Generator(seed), dtype: 'float64' });

interface Geometry {
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;
}

/** Direct 7-loop convolution with zero padding: the textbook definition, as the reference. */
function naiveConv2d(x: Tensor, w: Tensor, b: Tensor | null, g: Geometry): { shape: number[]; data: number[] } {
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [o, cg, kh, kw] = w.shape as [number, number, number, number];
  const xs = x.dataSync();
  const ws = w.dataSync();
  const bs = b?.dataSync();
  const oh = Math.floor((h + 2 * g.padding[0] - g.dilation[0] * (kh - 1) - 1) / g.stride[0]) + 1;
  const ow = Math.floor((wd + 2 * g.padding[1] - g.dilation[1] * (kw - 1) - 1) / g.stride[1]) + 1;
  const og = o / g.groups;
  const data: number[] = [];
  for (let ni = 0; ni < n; ni++) {
    for (let oi = 0; oi < o; oi++) {
      const group = Math.floor(oi / og);
      for (let y = 0; y < oh; y++) {
        for (let xo = 0; xo < ow; xo++) {
          let acc = bs === undefined ? 0 : bs[oi]!;
          for (let ci = 0; ci < cg; ci++) {
            for (let ky = 0; ky < kh; ky++) {
              for (let kx = 0; kx < kw; kx++) {
                const iy = y * g.stride[0] + ky * g.dilation[0] - g.padding[0];
                const ix = xo * g.stride[1] + kx * g.dilation[1] - g.padding[1];
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                const channel = group * cg + ci;
                acc += xs[((ni * c + channel) * h + iy) * wd + ix]! * ws[((oi * cg + ci) * kh + ky) * kw + kx]!;
              }
            }
          }
          data.push(acc);
        }
      }
    }
  }
  return { shape: [n, o, oh, ow], data };
}

function assertAllClose(actual: Tensor, expected: { shape: number[]; data: ArrayLike<number> }, tol: number, what: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  const a = actual.dataSync();
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i]! - expected.data[i]!) <= tol * (1 + Math.abs(expected.data[i]!)), `${what}: element ${i} is ${a[i]}, expected ${expected.data[i]}`);
  }
}

const GEOMETRIES: readonly (Geometry & { readonly name: string; readonly c: number; readonly o: number; readonly k: [number, number] })[] = [
  { name: 'plain', c: 2, o: 3, k: [3, 3], stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 },
  { name: 'stride 3 × 2, padding 2 × 1', c: 2, o: 2, k: [3, 2], stride: [3, 2], padding: [2, 1], dilation: [1, 1], groups: 1 },
  { name: 'dilation 2 × 3, padding 1', c: 3, o: 2, k: [2, 2], stride: [1, 1], padding: [1, 1], dilation: [2, 3], groups: 1 },
  { name: 'groups 2, stride 2, dilation 2', c: 4, o: 6, k: [3, 3], stride: [2, 2], padding: [1, 2], dilation: [2, 2], groups: 2 },
];

for (const g of GEOMETRIES) {
  test(`conv2d equals the direct loop definition in float64: ${g.name}`, () => {
    const x = f64([2, g.c, 7, 8], 1);
    const w = f64([g.o, g.c / g.groups, ...g.k], 2);
    const b = f64([g.o], 3);
    const y = conv2d(x, w, b, { stride: g.stride, padding: g.padding, dilation: g.dilation, groups: g.groups });
    assertAllClose(y, naiveConv2d(x, w, b, g), 1e-12, g.name);
  });
}

/** Central differences of sum(f(x)·direction) against autograd, in float64. */
function gradcheck(f: (inputs: Tensor[]) => Tensor, inputs: Tensor[], what: string): void {
  const leaves = inputs.map((t) => t.detach().requiresGrad_());
  const out = f(leaves);
  const direction = f64(out.shape as number[], 77);
  const objective = (xs: Tensor[]): number => sum(f(xs).mul(direction)).item();
  const analytic = gradients([sum(out.mul(direction))], leaves);
  const h = 1e-6;
  inputs.forEach((input, k) => {
    const base = Array.from(input.dataSync());
    const grad = analytic[k]!.dataSync();
    for (let i = 0; i < base.length; i++) {
      const shifted = (delta: number): Tensor[] =>
        inputs.map((t, j) => (j === k ? tensor(Float64Array.from(base, (v, q) => (q === i ? v + delta : v)), { shape: [...t.shape] }) : t));
      const numeric = (objective(shifted(h)) - objective(shifted(-h))) / (2 * h);
      assert.ok(Math.abs(numeric - grad[i]!) <= 1e-6 * (1 + Math.abs(numeric)), `${what}: input ${k} element ${i}: autograd ${grad[i]}, numeric ${numeric}`);
    }
  });
}

test('conv2d gradients match finite differences (groups, stride, dilation, padding)', () => {
  gradcheck(
    ([x, w, b]) => conv2d(x!, w!, b!, { stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2 }),
    [f64([1, 4, 5, 4], 4), f64([2, 2, 2, 3], 5), f64([2], 6)],
    'conv2d',
  );
});

test("conv1d gradients match finite differences ('same', dilation)", () => {
  gradcheck(([x, w, b]) => conv1d(x!, w!, b!, { padding: 'same', dilation: 2 }), [f64([2, 2, 6], 7), f64([3, 2, 2], 8), f64([3], 9)], 'conv1d');
});

test('pooling gradients match finite differences', () => {
  gradcheck(([x]) => maxPool2d(x!, 3, { stride: 2, padding: 1 }), [f64([1, 2, 5, 6], 10)], 'maxPool2d');
  gradcheck(([x]) => avgPool2d(x!, [3, 2], { stride: [2, 1], padding: [1, 1] }), [f64([1, 2, 5, 4], 11)], 'avgPool2d');
});

test('max pooling pads with −∞ and average pooling counts padded zeros', () => {
  const x = tensor([[[[-5, -6], [-7, -8]]]]);
  assert.deepEqual(maxPool2d(x, 2, { stride: 1, padding: 1 }).toArray(), [[[[-5, -5, -6], [-5, -5, -6], [-7, -7, -8]]]]);
  assert.deepEqual(avgPool2d(x, 2, { stride: 1, padding: 1 }).toArray(), [[[[-1.25, -2.75, -1.5], [-3, -6.5, -3.5], [-1.75, -3.75, -2]]]]);
});

test("'same' padding keeps the size and puts the odd element after, as PyTorch", () => {
  // A kernel of 2 taps [1, 10] on x = [1, 2, 3]: 'same' pads one zero after, so y[i] = x[i] + 10·x[i + 1].
  const y = conv1d(tensor([[[1, 2, 3]]]), tensor([[[1, 10]]]), null, { padding: 'same' });
  assert.deepEqual(y.toArray(), [[[21, 32, 3]]]);
});

test('Conv1d and Conv2d draw PyTorch-style initial values within ±1/√fanIn, differently per seed', () => {
  for (const make of [
    (g: Generator) => new Conv2d(6, 8, [3, 2], { groups: 2, generator: g }),
    (g: Generator) => new Conv1d(6, 9, 5, { groups: 3, generator: g }),
  ]) {
    const layer = make(new Generator(0));
    const fanIn = layer.weight.shape.slice(1).reduce((p, d) => p * d, 1);
    const bound = 1 / Math.sqrt(fanIn);
    for (const p of layer.parameters()) assert.ok(p.dataSync().every((v) => Math.abs(v) <= bound), `${layer.typeName}: within ±${bound}`);
    const spread = Math.max(...layer.weight.dataSync().map(Math.abs));
    assert.ok(spread > 0.8 * bound, `${layer.typeName}: uses the range (max |w| ${spread}, bound ${bound})`);
    assert.notDeepEqual(Array.from(make(new Generator(1)).weight.dataSync()), Array.from(layer.weight.dataSync()));
  }
});

test('layers take inputs without a batch dimension and give outputs without one', () => {
  const g = new Generator(0);
  assert.deepEqual(new Conv2d(3, 5, 3, { generator: g }).forward(randn([3, 6, 6])).shape, [5, 4, 4]);
  assert.deepEqual(new Conv1d(3, 5, 3, { generator: g }).forward(randn([3, 6])).shape, [5, 4]);
  assert.deepEqual(new MaxPool2d(2).forward(randn([3, 6, 6])).shape, [3, 3, 3]);
  assert.deepEqual(new AvgPool2d(2).forward(randn([3, 6, 6])).shape, [3, 3, 3]);
  assert.deepEqual(new GlobalAvgPool2d().forward(randn([3, 6, 6])).shape, [3]);
});

test('constructors reject bad arguments with a ValueError naming the layer and argument', () => {
  const cases: [() => unknown, RegExp][] = [
    [() => new Conv2d(0, 4, 3), /Conv2d: inChannels must be a positive integer, got 0/],
    [() => new Conv2d(3, 4, 3, { groups: 2 }), /Conv2d: groups must be a positive integer dividing inChannels 3 and outChannels 4, got 2/],
    [() => new Conv2d(3, 4, [3, 0]), /Conv2d: kernelSize must be an integer or 2 integers ≥ 1, got \[3,0\]/],
    [() => new Conv2d(3, 4, 3, { padding: 'same', stride: 2 }), /Conv2d: padding 'same' needs stride 1/],
    [() => new Conv2d(3, 4, 3, { padding: -1 }), /Conv2d: padding must be an integer or 2 integers ≥ 0, got -1/],
    [() => new Conv1d(2, 2, 3, { stride: 1.5 }), /Conv1d: stride must be an integer ≥ 1, got 1.5/],
    [() => new Conv1d(2, 2, 3, { padding: 'same', stride: 2 }), /Conv1d: padding 'same' needs stride 1/],
    [() => new MaxPool2d(2, { padding: 2 }), /MaxPool2d: padding must be at most half the kernel size, got padding \[2, 2\] for kernel \[2, 2\]/],
    [() => new AvgPool2d([3, 2], { padding: [1, 2] }), /AvgPool2d: padding must be at most half the kernel size/],
    [() => new AvgPool2d(2, { stride: 0 }), /AvgPool2d: stride must be an integer or 2 integers ≥ 1, got 0/],
    [() => new Flatten(0.5), /Flatten: startAxis must be an integer, got 0.5/],
  ];
  for (const [make, message] of cases) assert.throws(make, (e: unknown) => e instanceof ValueError && message.test(e.message));
});

test('forward rejects wrong inputs with an error naming the layer, expected and actual', () => {
  const cases: [() => unknown, new (...a: never[]) => Error, RegExp][] = [
    [() => new Conv2d(3, 4, 3).forward(zeros([8, 1, 28, 28])), ShapeError, /^Conv2d: input must be \[N, 3, H, W\] or \[3, H, W\], got \[8, 1, 28, 28\]$/],
    [() => new Conv2d(3, 4, 3).forward(zeros([3, 28])), ShapeError, /^Conv2d: input must be \[N, 3, H, W\] or \[3, H, W\], got \[3, 28\]$/],
    [() => new Conv1d(2, 4, 3).forward(zeros([5, 3, 10])), ShapeError, /^Conv1d: input must be \[N, 2, L\] or \[2, L\], got \[5, 3, 10\]$/],
    [() => new Conv2d(1, 1, 5).forward(zeros([1, 1, 4, 9])), ShapeError, /the kernel spans 5 elements in spatial dimension 0 but the padded input has only 4/],
    [() => new Conv2d(1, 1, 3).forward(zeros([1, 1, 4, 4], { dtype: 'int32' })), DTypeError, /Conv2d: input must be float32 or float64, got int32/],
    [() => new MaxPool2d(2).forward(zeros([2, 4])), ShapeError, /^MaxPool2d: input must be \[N, C, H, W\] or \[C, H, W\], got \[2, 4\]$/],
    [() => new GlobalAvgPool2d().forward(zeros([2, 3, 4, 5, 6])), ShapeError, /^GlobalAvgPool2d: input must be/],
    [() => new Flatten(1, 3).forward(zeros([2, 3, 4])), ShapeError, /^Flatten: input \[2, 3, 4\] has no dimensions 1 … 3 to merge/],
    [() => conv2d(zeros([1, 2, 5, 5]), zeros([4, 2, 3])), ShapeError, /^conv2d: weight must be \[O, C\/groups, kH, kW\], got \[4, 2, 3\]$/],
    [() => conv2d(zeros([1, 2, 5, 5]), zeros([4, 2, 3, 3]), zeros([3])), ShapeError, /^conv2d: bias must be a float32 \[4\] tensor, got float32 \[3\]$/],
    [() => conv2d(zeros([1, 2, 5, 5]), zeros([4, 2, 3, 3], { dtype: 'float64' })), DTypeError, /^conv2d: weight must have the input's dtype float32/],
  ];
  for (const [run, type, message] of cases) {
    assert.throws(run, (e: unknown) => e instanceof type && message.test(e.message), String(message));
  }
});
