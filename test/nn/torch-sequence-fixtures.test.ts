/**
 * Golden values from PyTorch for the sequence layers: every case in
 * test/fixtures/torch/sequence.json builds the Sprout layer from its config, loads torch's
 * parameters by state-dict name (which proves the names and layouts match), runs forward and
 * backward with torch's upstream gradients, and compares outputs, input gradients and parameter
 * gradients.
 *
 * The JSON is written by tools/fixtures/generate_torch_sequence_fixtures.py (run it with
 * `/usr/bin/python3 tools/fixtures/generate_torch_sequence_fixtures.py`); this test never runs Python.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { gradients, type Tensor, tensor } from '../../src/index.js';
import { GRU } from '../../src/nn/gru.js';
import { LSTM } from '../../src/nn/lstm.js';
import { MultiHeadAttention } from '../../src/nn/multi-head-attention.js';
import { TransformerEncoderLayer } from '../../src/nn/transformer-encoder-layer.js';
import { SEQUENCE_LAYERS } from '../../src/nn/registry-sequence.js';
import type { Module } from '../../src/nn/module.js';
import type { ConfigObject } from '../../src/nn/config-readers.js';

interface FixtureTensor {
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'bool';
  readonly data: readonly number[];
}

type Tensors = Readonly<Record<string, FixtureTensor>>;

interface FixtureCase {
  readonly id: string;
  readonly layer: string;
  readonly config: ConfigObject;
  readonly params: Tensors;
  readonly inputs: Tensors;
  readonly options: { readonly causal?: boolean; readonly averageWeights?: boolean };
  readonly outputs: Tensors;
  readonly gradOutputs: Tensors;
  readonly inputGrads: Tensors;
  readonly paramGrads: Tensors;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkTensors(value: unknown, where: string): Tensors {
  assert.ok(isObject(value), `${where}: expected an object of tensors`);
  for (const [name, t] of Object.entries(value)) {
    assert.ok(isObject(t), `${where}.${name}: expected a tensor`);
    const { shape, dtype, data } = t;
    assert.ok(Array.isArray(shape) && shape.every((d) => Number.isInteger(d) && d >= 0), `${where}.${name}: bad shape`);
    assert.ok(dtype === 'float32' || dtype === 'bool', `${where}.${name}: bad dtype ${String(dtype)}`);
    assert.ok(Array.isArray(data) && data.every((v) => typeof v === 'number'), `${where}.${name}: data must be numbers`);
    assert.equal(data.length, (shape as number[]).reduce((p, d) => p * d, 1), `${where}.${name}: data length does not match shape`);
  }
  return value as Tensors;
}

/** Reads and validates the fixture file, so a malformed file fails loudly instead of passing vacuously. */
function loadCases(): FixtureCase[] {
  const parsed: unknown = JSON.parse(readFileSync(new URL('../fixtures/torch/sequence.json', import.meta.url), 'utf8'));
  assert.ok(isObject(parsed) && Array.isArray(parsed.cases), 'sequence.json must hold { cases: [...] }');
  return parsed.cases.map((raw: unknown, n): FixtureCase => {
    assert.ok(isObject(raw) && typeof raw.id === 'string' && typeof raw.layer === 'string', `case ${n}: id and layer must be strings`);
    const id = raw.id;
    assert.ok(isObject(raw.config) && isObject(raw.options), `${id}: config and options must be objects`);
    return {
      id,
      layer: raw.layer,
      config: raw.config as ConfigObject,
      options: raw.options as FixtureCase['options'],
      params: checkTensors(raw.params, `${id}.params`),
      inputs: checkTensors(raw.inputs, `${id}.inputs`),
      outputs: checkTensors(raw.outputs, `${id}.outputs`),
      gradOutputs: checkTensors(raw.gradOutputs, `${id}.gradOutputs`),
      inputGrads: checkTensors(raw.inputGrads, `${id}.inputGrads`),
      paramGrads: checkTensors(raw.paramGrads, `${id}.paramGrads`),
    };
  });
}

function toTensor(t: FixtureTensor): Tensor {
  return t.dtype === 'bool' ? tensor(t.data.map((v) => v !== 0), { shape: [...t.shape], dtype: 'bool' }) : tensor(t.data, { shape: [...t.shape], dtype: 'float32' });
}

// Both sides compute in float32 but sum in different orders (torch's blocked sgemm, fused
// baddbmm/addmm, its own exp/tanh/erf), and the errors compound through the recurrences and the
// layer norms. Relative 1e-5 covers values of ordinary size. The absolute 2e-6 is for entries that
// are exactly 0 in exact arithmetic and only rounding noise in float32: the gradient of the key
// bias (softmax ignores a shift shared by all scores, so it is Σ of terms cancelling to 0; torch
// gives ~1e-9, Sprout ~1e-7) and sums of gradients cancelling likewise, i.e. a few float32 ulps
// (1.2e-7 relative) of operands of size ~1–10. The last test prints the worst case as a fraction
// of this tolerance (0.32 when written).
const RTOL = 1e-5;
const ATOL = 2e-6;
let worst = { excess: 0, where: '' };

function assertClose(actual: Tensor, expected: FixtureTensor, where: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${where}: shape`);
  const a = actual.dataSync();
  for (let i = 0; i < expected.data.length; i++) {
    const e = expected.data[i]!;
    const v = a[i]!;
    const diff = Math.abs(v - e);
    const excess = diff / (RTOL * Math.abs(e) + ATOL);
    if (excess > worst.excess) worst = { excess, where: `${where}[${i}]` };
    assert.ok(diff <= RTOL * Math.abs(e) + ATOL, `${where}: element ${i} is ${v}, torch gives ${e} (difference ${diff.toExponential(2)})`);
  }
}

/** Runs the case's forward; returns the outputs by fixture name and the float inputs to differentiate. */
function run(c: FixtureCase, layer: Module): { outputs: Record<string, Tensor>; inputs: Record<string, Tensor> } {
  const inputs: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(c.inputs)) {
    const x = toTensor(t);
    inputs[name] = t.dtype === 'float32' && c.inputGrads[name] !== undefined ? x.requiresGrad_() : x;
  }
  if (layer instanceof MultiHeadAttention) {
    const { query, key, value, keyPaddingMask, attnMask } = inputs;
    const result = layer.forwardWithWeights(query!, {
      ...(key === undefined ? {} : { key }),
      ...(value === undefined ? {} : { value }),
      ...(keyPaddingMask === undefined ? {} : { keyPaddingMask }),
      ...(attnMask === undefined ? {} : { attnMask }),
      ...(c.options.causal === undefined ? {} : { causal: c.options.causal }),
      ...(c.options.averageWeights === undefined ? {} : { averageWeights: c.options.averageWeights }),
    });
    return { outputs: { output: result.output, weights: result.weights }, inputs };
  }
  if (layer instanceof TransformerEncoderLayer) {
    return { outputs: { output: layer.forward(inputs.src!, inputs.srcMask, inputs.srcKeyPaddingMask) }, inputs };
  }
  if (layer instanceof LSTM) {
    const { output, hN, cN } = layer.forwardWithState(inputs.x!, inputs.h0, inputs.c0);
    return { outputs: { output, hN, cN }, inputs };
  }
  if (layer instanceof GRU) {
    const { output, hN } = layer.forwardWithState(inputs.x!, inputs.h0);
    return { outputs: { output, hN }, inputs };
  }
  throw new Error(`${c.id}: no runner for ${c.layer}`);
}

function build(c: FixtureCase): Module {
  const factory = SEQUENCE_LAYERS.get(c.layer);
  assert.ok(factory !== undefined, `${c.id}: ${c.layer} is not in SEQUENCE_LAYERS`);
  const layer = factory(c.config);
  assert.deepEqual(layer.getConfig(), c.config, `${c.id}: config round trip`);
  layer.loadStateDict(new Map(Object.entries(c.params).map(([name, t]) => [name, toTensor(t)])));
  return layer.eval();
}

const CASES = loadCases();

for (const c of CASES) {
  test(`${c.layer} matches PyTorch: ${c.id}`, () => {
    const layer = build(c);
    const { outputs, inputs } = run(c, layer);
    for (const [name, expected] of Object.entries(c.outputs)) {
      assert.ok(outputs[name] !== undefined, `${c.id}: Sprout gave no ${name}`);
      assertClose(outputs[name], expected, `${c.id} ${name}`);
    }
    const differentiated = Object.keys(c.gradOutputs);
    const params = [...layer.namedParameters()];
    const inputNames = Object.keys(c.inputGrads);
    const grads = gradients(
      differentiated.map((name) => outputs[name]!),
      [...inputNames.map((n) => inputs[n]!), ...params.map(([, p]) => p)],
      differentiated.map((name) => toTensor(c.gradOutputs[name]!)),
    );
    inputNames.forEach((name, i) => assertClose(grads[i]!, c.inputGrads[name]!, `${c.id} d/d${name}`));
    assert.deepEqual(params.map(([n]) => n).sort(), Object.keys(c.paramGrads).sort(), `${c.id}: parameter names`);
    params.forEach(([name], i) => assertClose(grads[inputNames.length + i]!, c.paramGrads[name]!, `${c.id} d/d${name}`));
  });
}

test('causal as a layer option equals causal per call (MultiHeadAttention fixtures)', () => {
  for (const c of CASES.filter((k) => k.layer === 'MultiHeadAttention' && k.options.causal === true)) {
    const layer = SEQUENCE_LAYERS.get(c.layer)!({ ...c.config, causal: true });
    layer.loadStateDict(new Map(Object.entries(c.params).map(([name, t]) => [name, toTensor(t)])));
    const attn = layer.eval() as MultiHeadAttention;
    const { query, key, value, keyPaddingMask } = Object.fromEntries(Object.entries(c.inputs).map(([n, t]) => [n, toTensor(t)]));
    assertClose(attn.forward(query!, key, value, keyPaddingMask), c.outputs.output!, `${c.id} output with causal layer option`);
  }
});

test('every sequence layer is covered by a PyTorch fixture, with the worst difference inside tolerance', (t) => {
  const covered = new Set(CASES.map((c) => c.layer));
  const missing = [...SEQUENCE_LAYERS.keys()].filter((type) => !covered.has(type));
  assert.deepEqual(missing, [], `sequence layers without a PyTorch fixture: ${missing.join(', ')}`);
  t.diagnostic(`worst difference: ${worst.excess.toFixed(3)} of the tolerance, at ${worst.where}`);
});
