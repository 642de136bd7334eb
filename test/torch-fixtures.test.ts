/**
 * Golden values from PyTorch: every case in test/fixtures/torch/ops.json is run through Sprout,
 * forward and backward, and compared with what torch 1.13 computed.
 *
 * The JSON is written by tools/fixtures/generate_torch_fixtures.py (run it with
 * `/usr/bin/python3 tools/fixtures/generate_torch_fixtures.py`); this test never runs Python.
 * Each case names a Sprout op, its inputs and attributes in Sprout's terms, the outputs and, for
 * differentiable cases, an upstream gradient per float output with the input gradients torch gave.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import {
  abs, add, argmax, argmin, ceil, clip, concat, cos, cumsum, div, eq, erf, exp, expand, flip, floor, gather, ge,
  gelu, gradients, gt, indexSelect, le, leakyRelu, log, log1p, logSoftmax, logsumexp, lt, matmul, max, maximum, mean,
  min, minimum, mul, narrow, ne, neg, oneHot, pad, permute, pow, prod, relu, reshape, round, rsqrt, scatterAdd, sigmoid,
  sign, sin, slice, softmax, sort, split, sqrt, squeeze, stack, std, sub, sum, tanh, tensor, topk, transpose, unsqueeze,
  variance, where, type DType, type Tensor, type TensorLike,
} from '../src/index.js';

// ── fixture file ─────────────────────────────────────────────────────────────────────────────

interface FixtureTensor {
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32' | 'bool';
  readonly data: readonly number[];
}

type Attrs = Readonly<Record<string, unknown>>;

interface FixtureCase {
  readonly id: string;
  readonly op: string;
  readonly inputs: readonly FixtureTensor[];
  readonly attrs: Attrs;
  readonly outputs: readonly FixtureTensor[];
  readonly gradOutputs?: readonly (FixtureTensor | null)[];
  readonly inputGrads?: readonly (FixtureTensor | null)[];
}

const FIXTURE_URL = new URL('./fixtures/torch/ops.json', import.meta.url);

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkTensor(value: unknown, where: string): FixtureTensor {
  assert.ok(isObject(value), `${where}: expected a tensor object`);
  const { shape, dtype, data } = value;
  assert.ok(Array.isArray(shape) && shape.every((d) => Number.isInteger(d) && d >= 0), `${where}: bad shape`);
  assert.ok(dtype === 'float32' || dtype === 'int32' || dtype === 'bool', `${where}: bad dtype ${String(dtype)}`);
  assert.ok(Array.isArray(data) && data.every((v) => typeof v === 'number'), `${where}: data must be numbers`);
  assert.equal(data.length, (shape as number[]).reduce((p, d) => p * d, 1), `${where}: data length does not match shape`);
  return { shape: shape as number[], dtype, data: data as number[] };
}

function checkOptionalTensors(value: unknown, where: string): (FixtureTensor | null)[] | undefined {
  if (value === undefined) return undefined;
  assert.ok(Array.isArray(value), `${where}: expected an array`);
  return value.map((t: unknown, i) => (t === null ? null : checkTensor(t, `${where}[${i}]`)));
}

/** Reads and validates the fixture file, so a malformed file fails loudly instead of passing vacuously. */
function loadCases(): FixtureCase[] {
  const parsed: unknown = JSON.parse(readFileSync(FIXTURE_URL, 'utf8'));
  assert.ok(isObject(parsed) && Array.isArray(parsed.cases), 'ops.json must hold { cases: [...] }');
  return parsed.cases.map((raw: unknown, n): FixtureCase => {
    assert.ok(isObject(raw), `case ${n} must be an object`);
    const { id, op, inputs, attrs, outputs } = raw;
    assert.ok(typeof id === 'string' && typeof op === 'string', `case ${n}: id and op must be strings`);
    assert.ok(Array.isArray(inputs) && Array.isArray(outputs) && isObject(attrs), `case ${id}: inputs, outputs, attrs`);
    const gradOutputs = checkOptionalTensors(raw.gradOutputs, `${id}.gradOutputs`);
    const inputGrads = checkOptionalTensors(raw.inputGrads, `${id}.inputGrads`);
    return {
      id,
      op,
      attrs,
      inputs: inputs.map((t: unknown, i) => checkTensor(t, `${id}.inputs[${i}]`)),
      outputs: outputs.map((t: unknown, i) => checkTensor(t, `${id}.outputs[${i}]`)),
      ...(gradOutputs === undefined ? {} : { gradOutputs }),
      ...(inputGrads === undefined ? {} : { inputGrads }),
    };
  });
}

// ── attributes ───────────────────────────────────────────────────────────────────────────────

function num(attrs: Attrs, key: string): number {
  const v = attrs[key];
  assert.equal(typeof v, 'number', `attribute ${key} must be a number, got ${JSON.stringify(v)}`);
  return v as number;
}

function optNum(attrs: Attrs, key: string): number | undefined {
  return attrs[key] === undefined ? undefined : num(attrs, key);
}

/** A number or null (an open clip bound); an absent key is an error. */
function numOrNull(attrs: Attrs, key: string): number | null {
  assert.ok(key in attrs, `attribute ${key} is required`);
  return attrs[key] === null ? null : num(attrs, key);
}

function optBool(attrs: Attrs, key: string): boolean | undefined {
  const v = attrs[key];
  if (v === undefined) return undefined;
  assert.equal(typeof v, 'boolean', `attribute ${key} must be a boolean, got ${JSON.stringify(v)}`);
  return v as boolean;
}

function numList(attrs: Attrs, key: string): number[] {
  const v = attrs[key];
  assert.ok(Array.isArray(v) && v.every((d) => typeof d === 'number'), `attribute ${key} must be a list of numbers`);
  return v as number[];
}

/** A reduction axis: a number, a list, or absent for every axis. */
function axisAttr(attrs: Attrs): number | number[] | undefined {
  const v = attrs.axis;
  if (v === undefined || typeof v === 'number') return v;
  return numList(attrs, 'axis');
}

function pairs(attrs: Attrs, key: string): [number, number][] {
  const v = attrs[key];
  assert.ok(
    Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'number')),
    `attribute ${key} must be a list of [before, after] pairs`,
  );
  return v as [number, number][];
}

function only(inputs: readonly Tensor[]): Tensor {
  assert.equal(inputs.length, 1, 'expected exactly one input tensor');
  return inputs[0]!;
}

function input(inputs: readonly Tensor[], i: number): Tensor {
  const t = inputs[i];
  assert.ok(t !== undefined, `missing input ${i}`);
  return t;
}

// ── the op table: one entry per Sprout op ────────────────────────────────────────────────────

type OpRunner = (inputs: readonly Tensor[], attrs: Attrs) => Tensor | readonly Tensor[];

const unary = (fn: (x: Tensor) => Tensor): OpRunner => (xs) => fn(only(xs));

/**
 * Two-operand ops; a case with one input tensor takes the other operand from attribute `a`
 * (scalar on the left) or `b` (scalar on the right), as Sprout's weak scalars.
 */
const binary = (fn: (a: TensorLike, b: TensorLike) => Tensor): OpRunner => (xs, attrs) => {
  if (xs.length === 2) return fn(input(xs, 0), input(xs, 1));
  const a = optNum(attrs, 'a');
  const b = optNum(attrs, 'b');
  assert.ok((a === undefined) !== (b === undefined), 'a one-tensor binary case needs exactly one of attributes a, b');
  return a === undefined ? fn(only(xs), b!) : fn(a, only(xs));
};

const reduction = (fn: (x: Tensor, axis?: number | number[], keepdims?: boolean) => Tensor): OpRunner => (xs, attrs) =>
  fn(only(xs), axisAttr(attrs), optBool(attrs, 'keepdims') ?? false);

const argReduction = (fn: (x: Tensor, axis?: number, keepdims?: boolean) => Tensor): OpRunner => (xs, attrs) =>
  fn(only(xs), optNum(attrs, 'axis'), optBool(attrs, 'keepdims') ?? false);

const sortResult = (r: { values: Tensor; indices: Tensor }): Tensor[] => [r.values, r.indices];

const OPS: Readonly<Record<string, OpRunner>> = {
  neg: unary(neg),
  abs: unary(abs),
  exp: unary(exp),
  log: unary(log),
  log1p: unary(log1p),
  sqrt: unary(sqrt),
  rsqrt: unary(rsqrt),
  sin: unary(sin),
  cos: unary(cos),
  tanh: unary(tanh),
  sigmoid: unary(sigmoid),
  relu: unary(relu),
  leakyRelu: (xs, attrs) => {
    const slope = optNum(attrs, 'slope');
    return slope === undefined ? leakyRelu(only(xs)) : leakyRelu(only(xs), slope);
  },
  gelu: (xs, attrs) => {
    const approximate = attrs.approximate;
    assert.ok(approximate === 'none' || approximate === 'tanh', `gelu: approximate must be 'none' or 'tanh'`);
    return gelu(only(xs), approximate);
  },
  erf: unary(erf),
  sign: unary(sign),
  floor: unary(floor),
  ceil: unary(ceil),
  round: unary(round),
  clip: (xs, attrs) => clip(only(xs), numOrNull(attrs, 'min'), numOrNull(attrs, 'max')),
  add: binary(add),
  sub: binary(sub),
  mul: binary(mul),
  div: binary(div),
  pow: binary(pow),
  maximum: binary(maximum),
  minimum: binary(minimum),
  eq: binary(eq),
  ne: binary(ne),
  lt: binary(lt),
  le: binary(le),
  gt: binary(gt),
  ge: binary(ge),
  where: (xs) => {
    assert.equal(xs.length, 3, 'where takes cond, a, b');
    return where(input(xs, 0), input(xs, 1), input(xs, 2));
  },
  sum: reduction(sum),
  mean: reduction(mean),
  max: reduction(max),
  min: reduction(min),
  prod: reduction(prod),
  variance: (xs, attrs) => {
    const correction = optNum(attrs, 'correction');
    const keepdims = optBool(attrs, 'keepdims') ?? false;
    return correction === undefined ? variance(only(xs), axisAttr(attrs), keepdims) : variance(only(xs), axisAttr(attrs), keepdims, correction);
  },
  std: (xs, attrs) => {
    const correction = optNum(attrs, 'correction');
    const keepdims = optBool(attrs, 'keepdims') ?? false;
    return correction === undefined ? std(only(xs), axisAttr(attrs), keepdims) : std(only(xs), axisAttr(attrs), keepdims, correction);
  },
  logsumexp: reduction(logsumexp),
  argmax: argReduction(argmax),
  argmin: argReduction(argmin),
  matmul: (xs) => {
    assert.equal(xs.length, 2, 'matmul takes a, b');
    return matmul(input(xs, 0), input(xs, 1));
  },
  gather: (xs, attrs) => gather(input(xs, 0), num(attrs, 'axis'), input(xs, 1)),
  indexSelect: (xs, attrs) => indexSelect(input(xs, 0), num(attrs, 'axis'), input(xs, 1)),
  scatterAdd: (xs, attrs) => scatterAdd(input(xs, 0), num(attrs, 'axis'), input(xs, 1), input(xs, 2)),
  oneHot: (xs, attrs) => oneHot(only(xs), num(attrs, 'numClasses')),
  softmax: (xs, attrs) => softmax(only(xs), num(attrs, 'axis')),
  logSoftmax: (xs, attrs) => logSoftmax(only(xs), num(attrs, 'axis')),
  cumsum: (xs, attrs) => cumsum(only(xs), num(attrs, 'axis')),
  sort: (xs, attrs) => sortResult(sort(only(xs), num(attrs, 'axis'), optBool(attrs, 'descending') ?? false)),
  topk: (xs, attrs) => sortResult(topk(only(xs), num(attrs, 'k'), num(attrs, 'axis'), optBool(attrs, 'largest') ?? true)),
  // `transposeFirst` reshapes a non-contiguous view (torch: x.t().reshape(shape)).
  reshape: (xs, attrs) => reshape(optBool(attrs, 'transposeFirst') === true ? transpose(only(xs)) : only(xs), numList(attrs, 'shape')),
  transpose: (xs, attrs) => transpose(only(xs), optNum(attrs, 'axis0') ?? -2, optNum(attrs, 'axis1') ?? -1),
  permute: (xs, attrs) => permute(only(xs), numList(attrs, 'axes')),
  expand: (xs, attrs) => expand(only(xs), numList(attrs, 'shape')),
  squeeze: (xs, attrs) => squeeze(only(xs), optNum(attrs, 'axis')),
  unsqueeze: (xs, attrs) => unsqueeze(only(xs), num(attrs, 'axis')),
  narrow: (xs, attrs) => narrow(only(xs), num(attrs, 'axis'), num(attrs, 'start'), num(attrs, 'length')),
  slice: (xs, attrs) => {
    const end = attrs.end === null ? undefined : num(attrs, 'end');
    return slice(only(xs), num(attrs, 'axis'), num(attrs, 'start'), end, num(attrs, 'step'));
  },
  flip: (xs, attrs) => flip(only(xs), numList(attrs, 'axes')),
  concat: (xs, attrs) => concat(xs, num(attrs, 'axis')),
  stack: (xs, attrs) => stack(xs, num(attrs, 'axis')),
  split: (xs, attrs) => {
    const sizes = attrs.sizeOrSizes;
    return split(only(xs), typeof sizes === 'number' ? sizes : numList(attrs, 'sizeOrSizes'), num(attrs, 'axis'));
  },
  pad: (xs, attrs) => pad(only(xs), pairs(attrs, 'pads'), num(attrs, 'value')),
};

/** Ops the file must cover; the last test fails if any goes missing. */
const REQUIRED_OPS = [
  'neg', 'abs', 'exp', 'log', 'log1p', 'sqrt', 'rsqrt', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'leakyRelu', 'gelu',
  'erf', 'sign', 'floor', 'ceil', 'round', 'clip', 'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'eq', 'ne',
  'lt', 'le', 'gt', 'ge', 'where', 'sum', 'mean', 'max', 'min', 'prod', 'variance', 'std', 'logsumexp', 'argmax',
  'argmin', 'matmul', 'gather', 'indexSelect', 'scatterAdd', 'oneHot', 'softmax', 'logSoftmax', 'cumsum', 'sort', 'topk',
  'reshape', 'transpose', 'permute', 'expand', 'squeeze', 'unsqueeze', 'narrow', 'slice', 'flip', 'concat', 'stack',
  'split', 'pad',
] as const;

/** Variants the task names explicitly, each a predicate some case must satisfy. */
const REQUIRED_VARIANTS: readonly (readonly [string, (c: FixtureCase) => boolean])[] = [
  ["gelu 'none'", (c) => c.op === 'gelu' && c.attrs.approximate === 'none'],
  ["gelu 'tanh'", (c) => c.op === 'gelu' && c.attrs.approximate === 'tanh'],
  ['variance correction 0', (c) => c.op === 'variance' && c.attrs.correction === 0],
  ['variance correction 1', (c) => c.op === 'variance' && c.attrs.correction === 1],
  ['matmul 2-D', (c) => c.op === 'matmul' && c.inputs.every((t) => t.shape.length === 2)],
  ['matmul batched with broadcasting', (c) => c.op === 'matmul' && c.inputs.some((t) => t.shape.length > 2) && c.inputs[0]!.shape.length !== c.inputs[1]!.shape.length],
  ['matmul 1-D operand', (c) => c.op === 'matmul' && c.inputs.some((t) => t.shape.length === 1)],
  ['slice with step', (c) => c.op === 'slice' && typeof c.attrs.step === 'number' && c.attrs.step > 1],
  ['binary broadcasting', (c) => ['add', 'sub', 'mul', 'div'].includes(c.op) && c.inputs.length === 2 && c.inputs[0]!.shape.join() !== c.inputs[1]!.shape.join()],
  ['keepdims', (c) => c.attrs.keepdims === true],
  ['non-square input', (c) => c.inputs.some((t) => t.shape.length === 2 && t.shape[0] !== t.shape[1])],
];

// ── comparison ───────────────────────────────────────────────────────────────────────────────

/**
 * Tolerances for float32 values: |actual − expected| ≤ ABS_TOL + REL_TOL·|expected|.
 *
 * REL_TOL 1e-5 is about 80 float32 ulps (ε = 1.19e-7): room for a different but correct order of
 * operations (Sprout composes gelu, softmax, variance, … from primitives where torch uses fused
 * kernels, and sums in another order), while a wrong formula is off by far more. ABS_TOL 1e-6 is
 * for results near zero: their error is set by the magnitude of the terms that cancelled (the
 * fixtures' inputs are of magnitude ~1, so ~8 ulps of 1), not by the tiny result itself.
 */
const REL_TOL = 1e-5;
const ABS_TOL = 1e-6;

/** The dtype is always passed: a typed array's default dtype is a convenience of tensor(), not part of the fixture. */
function toTensor(t: FixtureTensor): Tensor {
  const options = { shape: [...t.shape], dtype: t.dtype };
  switch (t.dtype) {
    case 'float32':
      return tensor(new Float32Array(t.data), options);
    case 'int32':
      return tensor(new Int32Array(t.data), options);
    case 'bool':
      return tensor(new Uint8Array(t.data), options);
  }
}

function assertMatches(actual: Tensor, expected: FixtureTensor, what: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  assert.equal(actual.dtype, expected.dtype as DType, `${what}: dtype`);
  const data = actual.dataSync();
  if (expected.dtype !== 'float32') {
    // Integers and booleans must match exactly.
    assert.deepEqual(Array.from(data), expected.data, `${what}: values`);
    return;
  }
  const bad: string[] = [];
  expected.data.forEach((e, i) => {
    const a = data[i]!;
    const ok = Number.isNaN(e) ? Number.isNaN(a) : Math.abs(a - e) <= ABS_TOL + REL_TOL * Math.abs(e);
    if (!ok) bad.push(`[${i}] got ${a}, expected ${e}`);
  });
  assert.ok(bad.length === 0, `${what}: ${bad.length} of ${expected.data.length} values differ:\n  ${bad.slice(0, 8).join('\n  ')}`);
}

function runCase(c: FixtureCase): void {
  const runner = OPS[c.op];
  assert.ok(runner !== undefined, `unknown op '${c.op}' in the fixture file: add it to the OPS table`);
  const differentiable = c.gradOutputs !== undefined;
  const inputs = c.inputs.map((t) => {
    const x = toTensor(t);
    return differentiable && x.isFloatingPoint() ? x.requiresGrad_(true) : x;
  });
  const result = runner(inputs, c.attrs);
  const outputs = Array.isArray(result) ? [...result] : [result as Tensor];
  assert.equal(outputs.length, c.outputs.length, 'number of outputs');
  outputs.forEach((out, i) => assertMatches(out, c.outputs[i]!, `output ${i}`));
  if (!differentiable) return;

  const gradOutputs = c.gradOutputs!;
  const inputGrads = c.inputGrads;
  assert.ok(inputGrads !== undefined && inputGrads.length === inputs.length, 'inputGrads must hold one entry per input');
  assert.equal(gradOutputs.length, outputs.length, 'gradOutputs must hold one entry per output');
  const roots: Tensor[] = [];
  const seeds: Tensor[] = [];
  gradOutputs.forEach((g, i) => {
    if (g === null) return;
    roots.push(outputs[i]!);
    seeds.push(toTensor(g));
  });
  const wrt = inputs.filter((x) => x.requiresGrad);
  const grads = gradients(roots, wrt, seeds);
  let k = 0;
  inputs.forEach((x, i) => {
    const expected = inputGrads[i];
    if (!x.requiresGrad) {
      assert.equal(expected, null, `input ${i} is not float, so the fixture must hold no gradient for it`);
      return;
    }
    assert.ok(expected !== null && expected !== undefined, `fixture lacks the gradient of input ${i}`);
    // Sprout returns null for an input the outputs do not depend on; torch's zeros mean the same.
    const g = grads[k++] ?? null;
    assertMatches(g ?? toTensor({ ...expected, data: expected.data.map(() => 0) }), expected, `gradient of input ${i}`);
  });
}

// ── tests ────────────────────────────────────────────────────────────────────────────────────

const CASES = loadCases();

for (const c of CASES) {
  test(`torch fixture ${c.id} (${c.op})`, () => runCase(c));
}

test('torch fixtures: the file has unique ids, >= 60 cases and covers every required op and variant', () => {
  assert.ok(CASES.length >= 60, `expected at least 60 cases, found ${CASES.length}`);
  const ids = CASES.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length, 'case ids must be unique');
  const covered = new Set(CASES.map((c) => c.op));
  const missing = REQUIRED_OPS.filter((op) => !covered.has(op));
  assert.deepEqual(missing, [], `ops without a fixture case: ${missing.join(', ')}`);
  const missingVariants = REQUIRED_VARIANTS.filter(([, has]) => !CASES.some(has)).map(([name]) => name);
  assert.deepEqual(missingVariants, [], `variants without a fixture case: ${missingVariants.join(', ')}`);
  const unknown = [...covered].filter((op) => !(op in OPS));
  assert.deepEqual(unknown, [], `ops in the file without an OPS entry: ${unknown.join(', ')}`);
});
