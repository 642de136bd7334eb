/**
 * Golden values from PyTorch for the norm-family layers: every case in
 * test/fixtures/torch/norm.json is built in Sprout, loaded with PyTorch's state dict (which also
 * proves the state-dict names match), run step by step in the recorded modes and compared with
 * torch 1.13: outputs, input gradients, parameter gradients, and the state after the last step
 * (batch norm's running statistics and batch count).
 *
 * The JSON is written by tools/fixtures/generate_torch_norm_fixtures.py (run it with
 * `/usr/bin/python3 tools/fixtures/generate_torch_norm_fixtures.py`); this test never runs Python.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { gradients, type Tensor, tensor } from '../../src/index.js';
import { BatchNorm1d } from '../../src/nn/batch-norm1d.js';
import { BatchNorm2d } from '../../src/nn/batch-norm2d.js';
import type { ConfigObject, JsonValue } from '../../src/nn/config-readers.js';
import { Dropout } from '../../src/nn/dropout.js';
import { Embedding } from '../../src/nn/embedding.js';
import { GroupNorm } from '../../src/nn/group-norm.js';
import { LayerNorm } from '../../src/nn/layer-norm.js';
import { layerFromConfig } from '../../src/nn/layer-registry.js';
import type { Module } from '../../src/nn/module.js';
import { NORM_LAYERS } from '../../src/nn/registry-norm.js';
import { Residual } from '../../src/nn/residual.js';

// ── fixture file ─────────────────────────────────────────────────────────────────────────────

interface FixtureTensor {
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
  readonly data: readonly number[];
}

interface FixtureStep {
  readonly training: boolean;
  readonly input: FixtureTensor;
  readonly output: FixtureTensor;
  readonly gradOutput: FixtureTensor;
  readonly inputGrad: FixtureTensor | null;
  readonly paramGrads: ReadonlyMap<string, FixtureTensor>;
}

interface FixtureCase {
  readonly id: string;
  readonly layer: string;
  readonly config: ConfigObject;
  readonly state: ReadonlyMap<string, FixtureTensor>;
  readonly steps: readonly FixtureStep[];
  readonly finalState: ReadonlyMap<string, FixtureTensor>;
}

const FIXTURE_URL = new URL('../fixtures/torch/norm.json', import.meta.url);

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkTensor(value: unknown, where: string): FixtureTensor {
  assert.ok(isObject(value), `${where}: expected a tensor object`);
  const { shape, dtype, data } = value;
  assert.ok(Array.isArray(shape) && shape.every((d) => Number.isInteger(d) && d >= 0), `${where}: bad shape`);
  assert.ok(dtype === 'float32' || dtype === 'int32', `${where}: bad dtype ${String(dtype)}`);
  assert.ok(Array.isArray(data) && data.every((v) => typeof v === 'number'), `${where}: data must be numbers`);
  assert.equal(data.length, (shape as number[]).reduce((p, d) => p * d, 1), `${where}: data length does not match shape`);
  return { shape: shape as number[], dtype, data: data as number[] };
}

function checkTensorMap(value: unknown, where: string): Map<string, FixtureTensor> {
  assert.ok(isObject(value), `${where}: expected an object of tensors`);
  return new Map(Object.entries(value).map(([k, v]) => [k, checkTensor(v, `${where}.${k}`)]));
}

/** Reads and validates the fixture file, so a malformed file fails loudly instead of passing vacuously. */
function loadCases(): FixtureCase[] {
  const parsed: unknown = JSON.parse(readFileSync(FIXTURE_URL, 'utf8'));
  assert.ok(isObject(parsed) && Array.isArray(parsed.cases), 'norm.json must hold { cases: [...] }');
  return parsed.cases.map((raw: unknown, n): FixtureCase => {
    assert.ok(isObject(raw), `case ${n} must be an object`);
    const { id, layer, config, steps } = raw;
    assert.ok(typeof id === 'string' && typeof layer === 'string', `case ${n}: id and layer`);
    assert.ok(isObject(config), `${id}: config must be an object`);
    assert.ok(Array.isArray(steps) && steps.length > 0, `${id}: steps must be a non-empty array`);
    return {
      id,
      layer,
      config: config as ConfigObject,
      state: checkTensorMap(raw.state, `${id}.state`),
      finalState: checkTensorMap(raw.finalState, `${id}.finalState`),
      steps: steps.map((s: unknown, i): FixtureStep => {
        const where = `${id}.steps[${i}]`;
        assert.ok(isObject(s) && typeof s.training === 'boolean', `${where}: training flag`);
        return {
          training: s.training,
          input: checkTensor(s.input, `${where}.input`),
          output: checkTensor(s.output, `${where}.output`),
          gradOutput: checkTensor(s.gradOutput, `${where}.gradOutput`),
          inputGrad: s.inputGrad === null ? null : checkTensor(s.inputGrad, `${where}.inputGrad`),
          paramGrads: checkTensorMap(s.paramGrads, `${where}.paramGrads`),
        };
      }),
    };
  });
}

// ── building the Sprout layer ────────────────────────────────────────────────────────────────

function num(c: ConfigObject, key: string): number {
  const v = c[key];
  assert.equal(typeof v, 'number', `config.${key} must be a number`);
  return v as number;
}

function bool(c: ConfigObject, key: string): boolean {
  const v = c[key];
  assert.equal(typeof v, 'boolean', `config.${key} must be a boolean`);
  return v as boolean;
}

function batchNormOptions(c: ConfigObject): { eps: number; momentum: number | null; affine: boolean; trackRunningStats: boolean } {
  return { eps: num(c, 'eps'), momentum: c['momentum'] === null ? null : num(c, 'momentum'), affine: bool(c, 'affine'), trackRunningStats: bool(c, 'trackRunningStats') };
}

/** Builds each layer with its constructor (not the registry), so the constructors' options are what is tested. */
const BUILDERS: Readonly<Record<string, (c: ConfigObject) => Module>> = {
  BatchNorm1d: (c) => new BatchNorm1d(num(c, 'numFeatures'), batchNormOptions(c)),
  BatchNorm2d: (c) => new BatchNorm2d(num(c, 'numFeatures'), batchNormOptions(c)),
  LayerNorm: (c) => new LayerNorm(c['normalizedShape'] as number[], { eps: num(c, 'eps'), elementwiseAffine: bool(c, 'elementwiseAffine') }),
  GroupNorm: (c) => new GroupNorm(num(c, 'numGroups'), num(c, 'numChannels'), { eps: num(c, 'eps'), affine: bool(c, 'affine') }),
  Dropout: (c) => new Dropout(num(c, 'p')),
  Embedding: (c) => new Embedding(num(c, 'numEmbeddings'), num(c, 'embeddingDim'), { paddingIdx: c['paddingIdx'] === null ? null : num(c, 'paddingIdx') }),
  // The block is a nested layer config; building it is the registry's job.
  Residual: (c) => new Residual(layerFromConfig(c['block'] as JsonValue)),
};

function toTensor(t: FixtureTensor): Tensor {
  const options = { shape: [...t.shape], dtype: t.dtype };
  return t.dtype === 'float32' ? tensor(new Float32Array(t.data), options) : tensor(new Int32Array(t.data), options);
}

/**
 * Tolerances for float32 values: |actual − expected| ≤ ABS_TOL + REL_TOL·|expected|.
 *
 * REL_TOL 1e-5 is about 80 float32 ulps: room for a different but correct order of operations
 * (Sprout composes each norm from mean / square / rsqrt and lets autograd differentiate the
 * composition; torch runs fused kernels with Welford statistics and hand-written backward formulas),
 * while a wrong formula — biased vs unbiased variance, a missing eps, a wrong momentum — is off by
 * far more.
 * ABS_TOL 1e-6 is for values near zero: a normalised value x − E[x] (and the input gradient
 * (w/σ)(g − mean(g) − x̂·mean(g·x̂))) is a difference of terms that mostly cancel; with inputs of
 * size ~4 (a float32 ulp there is ~5e-7) its rounding error is a fraction of an ulp of those terms,
 * not of the small result. The worst deviation seen is 2.5e-7 (a batch-norm output of 0.004), so
 * 1e-6 leaves a 4× margin and still fails any wrong value by orders of magnitude.
 */
const REL_TOL = 1e-5;
const ABS_TOL = 1e-6;

function assertMatches(actual: Tensor, expected: FixtureTensor, what: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  assert.equal(actual.dtype, expected.dtype, `${what}: dtype`);
  const data = actual.dataSync();
  const bad: string[] = [];
  expected.data.forEach((e, i) => {
    const a = data[i]!;
    if (!(Math.abs(a - e) <= ABS_TOL + REL_TOL * Math.abs(e))) bad.push(`[${i}] got ${a}, expected ${e}`);
  });
  assert.ok(bad.length === 0, `${what}: ${bad.length} of ${expected.data.length} values differ:\n  ${bad.slice(0, 8).join('\n  ')}`);
}

function runCase(c: FixtureCase): void {
  const build = BUILDERS[c.layer];
  assert.ok(build !== undefined, `unknown layer '${c.layer}' in the fixture file: add it to BUILDERS`);
  const layer = build(c.config);
  assert.equal(layer.typeName, c.layer);
  assert.deepEqual(layer.getConfig(), c.config, `${c.id}: getConfig matches the fixture's config`);
  // Strict loading: PyTorch's names must be exactly Sprout's.
  layer.loadStateDict(new Map([...c.state].map(([name, t]) => [name, toTensor(t)])));

  const parameters = [...layer.namedParameters()];
  c.steps.forEach((step, s) => {
    const what = `${c.id} step ${s} (${step.training ? 'train' : 'eval'})`;
    layer.train(step.training);
    const input = toTensor(step.input);
    if (input.isFloatingPoint()) input.requiresGrad_(true);
    const output = layer.forward(input);
    assertMatches(output, step.output, `${what} output`);
    const wrt = [...(input.requiresGrad ? [input] : []), ...parameters.map(([, p]) => p)];
    const grads = gradients([output], wrt, [toTensor(step.gradOutput)]);
    const inputGrad = input.requiresGrad ? grads.shift() : undefined;
    if (step.inputGrad !== null) {
      assert.ok(inputGrad !== null && inputGrad !== undefined, `${what}: output does not depend on the input`);
      assertMatches(inputGrad, step.inputGrad, `${what} input gradient`);
    }
    assert.deepEqual([...step.paramGrads.keys()].sort(), parameters.map(([n]) => n).sort(), `${what}: parameter names`);
    parameters.forEach(([name, p], i) => {
      const expected = step.paramGrads.get(name)!;
      const g = grads[i] ?? null;
      // torch gives no gradient (stored as zeros) for a parameter the output does not use.
      assertMatches(g ?? toTensor({ ...expected, data: expected.data.map(() => 0) }), expected, `${what} gradient of ${name}`);
      if (g === null) assert.ok(expected.data.every((v) => v === 0), `${what}: ${name} got no gradient, torch's is not zero`);
      assert.equal(p.shape.length, expected.shape.length);
    });
  });

  const finalState = layer.stateDict();
  assert.deepEqual([...finalState.keys()].sort(), [...c.finalState.keys()].sort(), `${c.id}: state-dict names after the steps`);
  for (const [name, expected] of c.finalState) assertMatches(finalState.get(name)!, expected, `${c.id} final ${name}`);
}

// ── tests ────────────────────────────────────────────────────────────────────────────────────

const CASES = loadCases();

test('the norm fixture file holds uniquely named cases', () => {
  assert.ok(CASES.length >= 25, `expected at least 25 cases, got ${CASES.length}`);
  assert.equal(new Set(CASES.map((c) => c.id)).size, CASES.length, 'case ids are unique');
});

for (const c of CASES) {
  test(`${c.layer} matches PyTorch: ${c.id}`, () => runCase(c));
}

test('every norm-family layer is covered by a PyTorch fixture', () => {
  const covered = new Set(CASES.map((c) => c.layer));
  const missing = [...NORM_LAYERS.keys()].filter((type) => !covered.has(type));
  assert.deepEqual(missing, [], `norm layers without a PyTorch fixture: ${missing.join(', ')}`);
});
