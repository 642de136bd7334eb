/**
 * Golden values from PyTorch: every case in test/fixtures/torch/losses.json is run through Sprout's
 * losses, forward and backward, and compared with what torch 1.13 computed.
 *
 * The JSON is written by tools/fixtures/generate_torch_loss_fixtures.py (run it with
 * `/usr/bin/python3 tools/fixtures/generate_torch_loss_fixtures.py`); this test never runs Python.
 * Each case names a loss, its reduction and options in Sprout's terms, the tensors, the loss value
 * and the gradient with respect to input (for reduction 'none', for the stored upstream gradient).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { gradients, type Tensor, tensor } from '../../src/core/index.js';
import {
  binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, huberLoss, klDivLoss, l1Loss, mseLoss, nllLoss,
  smoothL1Loss,
} from '../../src/losses/index.js';

// ── fixture file ─────────────────────────────────────────────────────────────────────────────

interface FixtureTensor {
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
  readonly data: readonly number[];
}

interface FixtureOptions {
  readonly delta?: number;
  readonly beta?: number;
  readonly ignoreIndex?: number;
  readonly labelSmoothing?: number;
  readonly logTarget?: boolean;
}

interface FixtureCase {
  readonly id: string;
  readonly loss: string;
  readonly reduction: string;
  readonly options: FixtureOptions;
  readonly input: FixtureTensor;
  readonly target: FixtureTensor;
  readonly weight?: FixtureTensor;
  readonly posWeight?: FixtureTensor;
  readonly output: FixtureTensor;
  readonly gradOutput: FixtureTensor | null;
  readonly inputGrad: FixtureTensor;
}

const FIXTURE_URL = new URL('../fixtures/torch/losses.json', import.meta.url);

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

const OPTION_TYPES: Readonly<Record<string, 'number' | 'boolean'>> = {
  delta: 'number',
  beta: 'number',
  ignoreIndex: 'number',
  labelSmoothing: 'number',
  logTarget: 'boolean',
};

function checkOptions(value: unknown, where: string): FixtureOptions {
  assert.ok(isObject(value), `${where}: options must be an object`);
  for (const [key, v] of Object.entries(value)) {
    assert.ok(key in OPTION_TYPES, `${where}: unknown option ${key}`);
    assert.equal(typeof v, OPTION_TYPES[key], `${where}: option ${key} must be a ${OPTION_TYPES[key]}`);
  }
  return value as FixtureOptions;
}

/** Reads and validates the fixture file, so a malformed file fails loudly instead of passing vacuously. */
function loadCases(): FixtureCase[] {
  const parsed: unknown = JSON.parse(readFileSync(FIXTURE_URL, 'utf8'));
  assert.ok(isObject(parsed) && Array.isArray(parsed.cases), 'losses.json must hold { cases: [...] }');
  return parsed.cases.map((raw: unknown, n): FixtureCase => {
    assert.ok(isObject(raw), `case ${n} must be an object`);
    const { id, loss, reduction } = raw;
    assert.ok(typeof id === 'string' && typeof loss === 'string' && typeof reduction === 'string', `case ${n}: id, loss, reduction`);
    return {
      id,
      loss,
      reduction,
      options: checkOptions(raw.options, id),
      input: checkTensor(raw.input, `${id}.input`),
      target: checkTensor(raw.target, `${id}.target`),
      ...(raw.weight === undefined ? {} : { weight: checkTensor(raw.weight, `${id}.weight`) }),
      ...(raw.posWeight === undefined ? {} : { posWeight: checkTensor(raw.posWeight, `${id}.posWeight`) }),
      output: checkTensor(raw.output, `${id}.output`),
      gradOutput: raw.gradOutput === null ? null : checkTensor(raw.gradOutput, `${id}.gradOutput`),
      inputGrad: checkTensor(raw.inputGrad, `${id}.inputGrad`),
    };
  });
}

// ── running a case ───────────────────────────────────────────────────────────────────────────

function toTensor(t: FixtureTensor): Tensor {
  const options = { shape: [...t.shape], dtype: t.dtype };
  return t.dtype === 'float32' ? tensor(new Float32Array(t.data), options) : tensor(new Int32Array(t.data), options);
}

type Runner = (input: Tensor, target: Tensor, c: FixtureCase) => Tensor;

/** The three reductions every loss shares; klDivLoss adds 'batchmean'. */
type Common = 'mean' | 'sum' | 'none';

function common(c: FixtureCase): Common {
  assert.ok(c.reduction === 'mean' || c.reduction === 'sum' || c.reduction === 'none', `${c.id}: reduction ${c.reduction}`);
  return c.reduction;
}

/** Tensor-valued options, present only when the case has them (exactOptionalPropertyTypes). */
function weights(c: FixtureCase): { weight?: Tensor; posWeight?: Tensor } {
  return {
    ...(c.weight === undefined ? {} : { weight: toTensor(c.weight) }),
    ...(c.posWeight === undefined ? {} : { posWeight: toTensor(c.posWeight) }),
  };
}

const RUNNERS: Readonly<Record<string, Runner>> = {
  mseLoss: (x, y, c) => mseLoss(x, y, { reduction: common(c) }),
  l1Loss: (x, y, c) => l1Loss(x, y, { reduction: common(c) }),
  huberLoss: (x, y, c) => huberLoss(x, y, { reduction: common(c), ...(c.options.delta === undefined ? {} : { delta: c.options.delta }) }),
  smoothL1Loss: (x, y, c) => smoothL1Loss(x, y, { reduction: common(c), ...(c.options.beta === undefined ? {} : { beta: c.options.beta }) }),
  binaryCrossEntropy: (x, y, c) => binaryCrossEntropy(x, y, { reduction: common(c), ...weights(c) }),
  binaryCrossEntropyWithLogits: (x, y, c) => binaryCrossEntropyWithLogits(x, y, { reduction: common(c), ...weights(c) }),
  crossEntropy: (x, y, c) =>
    crossEntropy(x, y, {
      reduction: common(c),
      ...weights(c),
      ...(c.options.ignoreIndex === undefined ? {} : { ignoreIndex: c.options.ignoreIndex }),
      ...(c.options.labelSmoothing === undefined ? {} : { labelSmoothing: c.options.labelSmoothing }),
    }),
  nllLoss: (x, y, c) =>
    nllLoss(x, y, { reduction: common(c), ...weights(c), ...(c.options.ignoreIndex === undefined ? {} : { ignoreIndex: c.options.ignoreIndex }) }),
  klDivLoss: (x, y, c) => {
    assert.ok(c.reduction === 'batchmean' || ['mean', 'sum', 'none'].includes(c.reduction), `${c.id}: reduction`);
    return klDivLoss(x, y, { reduction: c.reduction as Common | 'batchmean', logTarget: c.options.logTarget ?? false });
  },
};

/**
 * Tolerances for float32 values: |actual − expected| ≤ ABS_TOL + REL_TOL·|expected|.
 *
 * REL_TOL 1e-5 is about 80 float32 ulps (ε = 1.19e-7): room for a different but correct order of
 * operations (Sprout composes each loss from primitives and lets autograd differentiate the
 * composition, where torch runs fused forward kernels and hand-written backward formulas such as
 * (p − y)/(p(1 − p)) for binary cross-entropy, and sums in another order), while a wrong formula,
 * a missing weight or a wrong denominator is off by far more.
 * ABS_TOL 1e-6 is for values near zero: a gradient such as softmax − onehot or −y/p + (1 − y)/(1 − p)
 * is a difference of terms of magnitude ~1 that mostly cancel, so its error is a few ulps of those
 * terms (~1e-7), not of the tiny result. Every fixture value of interest is ≫ 1e-6 or is such a
 * cancellation, so this does not hide a wrong value.
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
  const runner = RUNNERS[c.loss];
  assert.ok(runner !== undefined, `unknown loss '${c.loss}' in the fixture file: add it to RUNNERS`);
  const input = toTensor(c.input).requiresGrad_(true);
  const output = runner(input, toTensor(c.target), c);
  assertMatches(output, c.output, `${c.id} value`);
  const seeds = c.gradOutput === null ? undefined : [toTensor(c.gradOutput)];
  const [grad] = gradients([output], [input], seeds);
  assert.ok(grad !== null && grad !== undefined, `${c.id}: loss does not depend on input`);
  assertMatches(grad, c.inputGrad, `${c.id} input gradient`);
}

// ── tests ────────────────────────────────────────────────────────────────────────────────────

const CASES = loadCases();

test('the loss fixture file holds cases', () => {
  assert.ok(CASES.length >= 100, `expected at least 100 cases, got ${CASES.length}`);
  assert.equal(new Set(CASES.map((c) => c.id)).size, CASES.length, 'case ids are unique');
});

for (const c of CASES) {
  test(`${c.loss} matches PyTorch: ${c.id}`, () => runCase(c));
}

/** Every loss with the reductions it must be checked under. */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  mseLoss: ['mean', 'sum', 'none'],
  l1Loss: ['mean', 'sum', 'none'],
  huberLoss: ['mean', 'sum', 'none'],
  smoothL1Loss: ['mean', 'sum', 'none'],
  binaryCrossEntropy: ['mean', 'sum', 'none'],
  binaryCrossEntropyWithLogits: ['mean', 'sum', 'none'],
  crossEntropy: ['mean', 'sum', 'none'],
  nllLoss: ['mean', 'sum', 'none'],
  klDivLoss: ['mean', 'batchmean', 'sum', 'none'],
};

/** Options and input kinds that must each appear, with at least every reduction of their loss. */
const FEATURES: readonly (readonly [string, (c: FixtureCase) => boolean])[] = [
  ['huberLoss with delta', (c) => c.loss === 'huberLoss' && c.options.delta !== undefined],
  ['smoothL1Loss with beta', (c) => c.loss === 'smoothL1Loss' && c.options.beta !== undefined],
  ['smoothL1Loss with beta 0', (c) => c.loss === 'smoothL1Loss' && c.options.beta === 0],
  ['binaryCrossEntropy with weight', (c) => c.loss === 'binaryCrossEntropy' && c.weight !== undefined],
  ['binaryCrossEntropyWithLogits with posWeight', (c) => c.loss === 'binaryCrossEntropyWithLogits' && c.posWeight !== undefined],
  ['binaryCrossEntropyWithLogits with weight', (c) => c.loss === 'binaryCrossEntropyWithLogits' && c.weight !== undefined],
  ['crossEntropy with class weights', (c) => c.loss === 'crossEntropy' && c.weight !== undefined && c.target.dtype === 'int32'],
  ['crossEntropy with ignoreIndex', (c) => c.loss === 'crossEntropy' && c.options.ignoreIndex !== undefined],
  ['crossEntropy with label smoothing', (c) => c.loss === 'crossEntropy' && (c.options.labelSmoothing ?? 0) > 0 && c.target.dtype === 'int32'],
  [
    'crossEntropy with label smoothing, weights and ignoreIndex',
    (c) => c.loss === 'crossEntropy' && (c.options.labelSmoothing ?? 0) > 0 && c.weight !== undefined && c.options.ignoreIndex !== undefined,
  ],
  ['crossEntropy with probability targets', (c) => c.loss === 'crossEntropy' && c.target.dtype === 'float32'],
  ['crossEntropy with weighted probability targets', (c) => c.loss === 'crossEntropy' && c.target.dtype === 'float32' && c.weight !== undefined],
  ['crossEntropy with smoothed probability targets', (c) => c.loss === 'crossEntropy' && c.target.dtype === 'float32' && (c.options.labelSmoothing ?? 0) > 0],
  ['crossEntropy with spatial [N, C, H, W] input', (c) => c.loss === 'crossEntropy' && c.input.shape.length === 4],
  ['crossEntropy with [C] input', (c) => c.loss === 'crossEntropy' && c.input.shape.length === 1],
  ['nllLoss with weight', (c) => c.loss === 'nllLoss' && c.weight !== undefined],
  ['nllLoss with ignoreIndex', (c) => c.loss === 'nllLoss' && c.options.ignoreIndex !== undefined],
  ['nllLoss with spatial input', (c) => c.loss === 'nllLoss' && c.input.shape.length > 2],
  ['nllLoss with [C] input', (c) => c.loss === 'nllLoss' && c.input.shape.length === 1],
  ['klDivLoss with logTarget', (c) => c.loss === 'klDivLoss' && c.options.logTarget === true],
  ['klDivLoss with zero targets', (c) => c.loss === 'klDivLoss' && c.options.logTarget !== true && c.target.data.includes(0)],
];

test('the fixtures cover every loss under every reduction, and every main option', () => {
  const missing: string[] = [];
  for (const [loss, reductions] of Object.entries(REQUIRED)) {
    for (const reduction of reductions) {
      if (!CASES.some((c) => c.loss === loss && c.reduction === reduction)) missing.push(`${loss} ${reduction}`);
    }
  }
  for (const [feature, matches] of FEATURES) {
    const found = CASES.filter(matches);
    const loss = found[0]?.loss;
    if (loss === undefined) {
      missing.push(feature);
      continue;
    }
    for (const reduction of REQUIRED[loss]!) {
      if (!found.some((c) => c.reduction === reduction)) missing.push(`${feature}, ${reduction}`);
    }
  }
  assert.deepEqual(missing, [], `not covered by test/fixtures/torch/losses.json: ${missing.join('; ')}`);
  assert.deepEqual(Object.keys(RUNNERS).sort(), Object.keys(REQUIRED).sort(), 'every runner is required and every required loss has a runner');
});
