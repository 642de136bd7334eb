/**
 * Golden values from PyTorch for the conv layer family: every case in test/fixtures/torch/conv.json
 * builds the Sprout layer from its config, loads torch's parameters by state-dict name (which proves
 * the names and layouts match), runs forward and backward with torch's upstream gradient, and
 * compares the output and the gradients of the input and of every parameter. Convolutions and
 * pooling are also run through their functional forms on the same data.
 *
 * The JSON is written by tools/fixtures/generate_torch_conv_fixtures.py (run it with
 * `/usr/bin/python3 tools/fixtures/generate_torch_conv_fixtures.py`); this test never runs Python.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { gradients, type Tensor, tensor } from '../../src/index.js';
import { AvgPool2d } from '../../src/nn/avg-pool2d.js';
import type { ConfigObject, JsonValue } from '../../src/nn/config-readers.js';
import { Conv1d } from '../../src/nn/conv1d.js';
import { Conv2d } from '../../src/nn/conv2d.js';
import { Flatten } from '../../src/nn/flatten.js';
import { avgPool2d, conv1d, conv2d, maxPool2d } from '../../src/nn/functional-conv.js';
import { GlobalAvgPool2d } from '../../src/nn/global-avg-pool2d.js';
import { MaxPool2d } from '../../src/nn/max-pool2d.js';
import type { Module } from '../../src/nn/module.js';
import { CONV_LAYERS } from '../../src/nn/registry-conv.js';

// ── fixture file ─────────────────────────────────────────────────────────────────────────────

interface FixtureTensor {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

interface FixtureCase {
  readonly id: string;
  readonly layer: string;
  readonly config: ConfigObject;
  readonly params: ReadonlyMap<string, FixtureTensor>;
  readonly input: FixtureTensor;
  readonly output: FixtureTensor;
  readonly gradOutput: FixtureTensor;
  readonly inputGrad: FixtureTensor;
  readonly paramGrads: ReadonlyMap<string, FixtureTensor>;
}

const FIXTURE_URL = new URL('../fixtures/torch/conv.json', import.meta.url);

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkTensor(value: unknown, where: string): FixtureTensor {
  assert.ok(isObject(value), `${where}: expected a tensor object`);
  const { shape, dtype, data } = value;
  assert.ok(Array.isArray(shape) && shape.every((d) => Number.isInteger(d) && d >= 0), `${where}: bad shape`);
  assert.equal(dtype, 'float32', `${where}: dtype`);
  assert.ok(Array.isArray(data) && data.every((v) => typeof v === 'number'), `${where}: data must be numbers`);
  assert.equal(data.length, (shape as number[]).reduce((p, d) => p * d, 1), `${where}: data length does not match shape`);
  return { shape: shape as number[], data: data as number[] };
}

function checkTensorMap(value: unknown, where: string): Map<string, FixtureTensor> {
  assert.ok(isObject(value), `${where}: expected an object of tensors`);
  return new Map(Object.entries(value).map(([name, t]) => [name, checkTensor(t, `${where}.${name}`)]));
}

/** Reads and validates the fixture file, so a malformed file fails loudly instead of passing vacuously. */
function loadCases(): FixtureCase[] {
  const parsed: unknown = JSON.parse(readFileSync(FIXTURE_URL, 'utf8'));
  assert.ok(isObject(parsed) && Array.isArray(parsed.cases), 'conv.json must hold { cases: [...] }');
  return parsed.cases.map((raw: unknown, n): FixtureCase => {
    assert.ok(isObject(raw), `case ${n} must be an object`);
    const { id, layer, config } = raw;
    assert.ok(typeof id === 'string' && typeof layer === 'string' && isObject(config), `case ${n}: id, layer, config`);
    return {
      id,
      layer,
      config: config as { [key: string]: JsonValue },
      params: checkTensorMap(raw.params, `${id}.params`),
      input: checkTensor(raw.input, `${id}.input`),
      output: checkTensor(raw.output, `${id}.output`),
      gradOutput: checkTensor(raw.gradOutput, `${id}.gradOutput`),
      inputGrad: checkTensor(raw.inputGrad, `${id}.inputGrad`),
      paramGrads: checkTensorMap(raw.paramGrads, `${id}.paramGrads`),
    };
  });
}

// ── running a case ───────────────────────────────────────────────────────────────────────────

function toTensor(t: FixtureTensor): Tensor {
  return tensor(new Float32Array(t.data), { shape: [...t.shape] });
}

/** The class each layer type must build, imported from the layer's own file. */
const CLASSES: Readonly<Record<string, abstract new (...args: never[]) => Module>> = {
  Conv1d,
  Conv2d,
  MaxPool2d,
  AvgPool2d,
  GlobalAvgPool2d,
  Flatten,
};

/** The functional form of a layer, given the layer (for its normalised options) and its parameters. */
const FUNCTIONAL: Readonly<Record<string, ((m: Module, x: Tensor) => Tensor) | undefined>> = {
  Conv1d: (m, x) => {
    const c = m as Conv1d;
    return conv1d(x, c.weight, c.bias, { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups });
  },
  Conv2d: (m, x) => {
    const c = m as Conv2d;
    return conv2d(x, c.weight, c.bias, { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups });
  },
  MaxPool2d: (m, x) => {
    const p = m as MaxPool2d;
    return maxPool2d(x, p.kernelSize, { stride: p.stride, padding: p.padding, dilation: p.dilation });
  },
  AvgPool2d: (m, x) => {
    const p = m as AvgPool2d;
    return avgPool2d(x, p.kernelSize, { stride: p.stride, padding: p.padding });
  },
};

/**
 * Tolerances for float32 values: |actual − expected| ≤ ABS_TOL + REL_TOL·|expected|.
 *
 * REL_TOL 1e-5 is about 80 float32 ulps: room for a different but correct summation order (Sprout
 * gathers windows and runs one matmul that accumulates in doubles; torch runs its own convolution
 * kernels accumulating in float32), while a wrong tap, a shifted window or a wrong padding is off
 * by far more.
 * ABS_TOL 2e-6 is for values near zero: an element is a sum of at most ~100 terms of magnitude
 * ≲ 1 (C·taps ≤ 72 products for an output, O·taps for an input gradient, N·oH·oW ≤ 98 for a
 * weight or bias gradient), and torch's float32 accumulation of such a sum is accurate to about
 * √100 · ε · Σ|terms| ≈ 1e-6 however small the result (the largest difference seen is 4.5e-7).
 * Every fixture value is either ≫ 2e-6 or such a cancellation, so this hides no wrong tap.
 */
const REL_TOL = 1e-5;
const ABS_TOL = 2e-6;

function assertMatches(actual: Tensor | null | undefined, expected: FixtureTensor, what: string): void {
  assert.ok(actual !== null && actual !== undefined, `${what}: missing`);
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  assert.equal(actual.dtype, 'float32', `${what}: dtype`);
  const data = actual.dataSync();
  const bad: string[] = [];
  expected.data.forEach((e, i) => {
    const a = data[i]!;
    if (!(Math.abs(a - e) <= ABS_TOL + REL_TOL * Math.abs(e))) bad.push(`[${i}] got ${a}, expected ${e}`);
  });
  assert.ok(bad.length === 0, `${what}: ${bad.length} of ${expected.data.length} values differ:\n  ${bad.slice(0, 8).join('\n  ')}`);
}

function runCase(c: FixtureCase): void {
  const factory = CONV_LAYERS.get(c.layer);
  assert.ok(factory !== undefined, `unknown layer '${c.layer}' in the fixture file`);
  const layer = factory(c.config);
  assert.ok(layer instanceof CLASSES[c.layer]!, `${c.id}: the registry built a ${layer.typeName}`);
  // strict loading: the fixture's parameter names are exactly PyTorch's state-dict names.
  layer.loadStateDict(new Map([...c.params].map(([name, t]) => [name, toTensor(t)])));
  const input = toTensor(c.input).requiresGrad_(true);
  const output = layer.forward(input);
  assertMatches(output, c.output, `${c.id} output`);
  const named = [...layer.namedParameters()];
  assert.deepEqual(named.map(([name]) => name).sort(), [...c.paramGrads.keys()].sort(), `${c.id}: parameter names`);
  const grads = gradients([output], [input, ...named.map(([, p]) => p)], [toTensor(c.gradOutput)]);
  assertMatches(grads[0], c.inputGrad, `${c.id} input gradient`);
  named.forEach(([name], i) => assertMatches(grads[i + 1], c.paramGrads.get(name)!, `${c.id} gradient of ${name}`));

  const functional = FUNCTIONAL[c.layer];
  if (functional !== undefined) assertMatches(functional(layer, toTensor(c.input)), c.output, `${c.id} functional output`);
}

// ── tests ────────────────────────────────────────────────────────────────────────────────────

const CASES = loadCases();

test('the conv fixture file holds cases with unique ids', () => {
  assert.ok(CASES.length >= 30, `expected at least 30 cases, got ${CASES.length}`);
  assert.equal(new Set(CASES.map((c) => c.id)).size, CASES.length, 'case ids are unique');
});

for (const c of CASES) {
  test(`${c.layer} matches PyTorch: ${c.id}`, () => runCase(c));
}

/** Options and input kinds that must each appear in the fixtures. */
const FEATURES: readonly (readonly [string, (c: FixtureCase) => boolean])[] = [
  ['Conv1d with stride and padding', (c) => c.layer === 'Conv1d' && c.config.stride === 2 && c.config.padding === 1],
  ['Conv1d with dilation', (c) => c.layer === 'Conv1d' && c.config.dilation === 2],
  ['Conv1d with groups', (c) => c.layer === 'Conv1d' && typeof c.config.groups === 'number' && c.config.groups > 1],
  ['Conv1d with same padding', (c) => c.layer === 'Conv1d' && c.config.padding === 'same'],
  ['Conv1d without bias', (c) => c.layer === 'Conv1d' && c.config.bias === false],
  ['Conv1d without batch dimension', (c) => c.layer === 'Conv1d' && c.input.shape.length === 2],
  ['Conv2d with stride and padding', (c) => c.layer === 'Conv2d' && c.config.stride === 2 && c.config.padding === 1],
  ['Conv2d with pairs', (c) => c.layer === 'Conv2d' && Array.isArray(c.config.kernelSize) && Array.isArray(c.config.stride)],
  ['Conv2d with dilation', (c) => c.layer === 'Conv2d' && c.config.dilation !== undefined],
  ['Conv2d with groups', (c) => c.layer === 'Conv2d' && c.config.groups === 2],
  ['Conv2d depthwise', (c) => c.layer === 'Conv2d' && c.config.groups === c.config.inChannels],
  ['Conv2d with same padding and an even kernel', (c) => c.layer === 'Conv2d' && c.config.padding === 'same' && Array.isArray(c.config.kernelSize)],
  ['Conv2d with valid padding, no bias', (c) => c.layer === 'Conv2d' && c.config.padding === 'valid' && c.config.bias === false],
  ['Conv2d without batch dimension', (c) => c.layer === 'Conv2d' && c.input.shape.length === 3],
  ['MaxPool2d with default stride', (c) => c.layer === 'MaxPool2d' && c.config.stride === undefined],
  ['MaxPool2d with padding', (c) => c.layer === 'MaxPool2d' && c.config.padding !== undefined],
  ['MaxPool2d with dilation', (c) => c.layer === 'MaxPool2d' && c.config.dilation !== undefined],
  ['MaxPool2d without batch dimension', (c) => c.layer === 'MaxPool2d' && c.input.shape.length === 3],
  ['AvgPool2d with default stride', (c) => c.layer === 'AvgPool2d' && c.config.stride === undefined],
  ['AvgPool2d counting padded zeros', (c) => c.layer === 'AvgPool2d' && c.config.padding !== undefined],
  ['AvgPool2d without batch dimension', (c) => c.layer === 'AvgPool2d' && c.input.shape.length === 3],
  ['GlobalAvgPool2d', (c) => c.layer === 'GlobalAvgPool2d' && c.input.shape.length === 4],
  ['GlobalAvgPool2d without batch dimension', (c) => c.layer === 'GlobalAvgPool2d' && c.input.shape.length === 3],
  ['Flatten with defaults', (c) => c.layer === 'Flatten' && c.config.startAxis === undefined],
  ['Flatten with negative axes', (c) => c.layer === 'Flatten' && typeof c.config.startAxis === 'number' && c.config.startAxis < 0],
];

test('the fixtures cover every conv-family layer and its main options', () => {
  const missing = FEATURES.filter(([, matches]) => !CASES.some(matches)).map(([feature]) => feature);
  assert.deepEqual(missing, [], `not covered by test/fixtures/torch/conv.json: ${missing.join('; ')}`);
  const layers = new Set(CASES.map((c) => c.layer));
  assert.deepEqual([...CONV_LAYERS.keys()].filter((type) => !layers.has(type)), [], 'every registered conv layer has fixtures');
  assert.deepEqual(Object.keys(CLASSES).sort(), [...CONV_LAYERS.keys()].sort(), 'CLASSES lists exactly the registered conv layers');
});
