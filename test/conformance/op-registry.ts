/**
 * The registry of op cases (modelled on PyTorch's OpInfo): one entry per public op, each with
 * sample inputs, a plain-JS reference, whether it is differentiable, tolerances and the domain its
 * inputs are drawn from. The generic suites (forward, gradcheck, special values, …) loop over it.
 *
 * Every entry's samples cover the kinds {@link requiredKinds} asks for — a scalar (0-d) input, an
 * empty (size-0) tensor, a broadcasting case for multi-input ops and a non-contiguous view
 * (transposed, sliced with a step, expanded or flipped) — or say in `exempt` why the op has none.
 * registry.test.ts checks that each sample really is of the kinds it claims.
 */
import * as S from '../../src/index.js';
import type { DType, Tensor } from '../../src/index.js';
import {
  argExtreme,
  at,
  axesOf,
  broadcastShape,
  build,
  coerce,
  dataOf,
  floatResult,
  isFloatDType,
  logsumexpOf,
  maxOf,
  minOf,
  promote,
  prodOf,
  refAlongAxis,
  refCast,
  refErf,
  refExpand,
  refFlip,
  refMatmul,
  refNary,
  refNormal,
  refOf,
  refPermute,
  refReduce,
  refReshape,
  refSlice,
  refTranspose,
  refUnary,
  refUniform,
  type RefResult,
  type RefTensor,
  Rng,
  roundHalfEven,
  sizeOfShape,
  sortOrder,
  sumOf,
  unravel,
  varianceOf,
} from './reference.js';

export { Rng } from './reference.js';

export type FloatDType = 'float32' | 'float64';

/** What a sample exercises. */
export type SampleKind = 'basic' | 'scalar' | 'empty' | 'broadcast' | 'noncontiguous';

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** A tensor argument and the same values as a plain array. */
export interface Input {
  readonly tensor: Tensor;
  readonly ref: RefTensor;
}

export type OpOutput = Tensor | readonly Tensor[];

/** One call of an op, ready to run and to check. */
export interface Sample {
  readonly description: string;
  readonly kinds: readonly SampleKind[];
  readonly inputs: readonly Input[];
  /** Calls the Sprout op on (possibly replaced) tensor arguments. */
  readonly run: (inputs: readonly Tensor[]) => OpOutput;
  /** The plain-JS reference on the inputs' values. */
  readonly reference: (inputs: readonly RefTensor[]) => RefResult;
  /** true, or why a gradient check does not apply to this sample. */
  readonly gradcheck: true | string;
  /** Indices of the inputs the gradient check differentiates (default: the float ones). */
  readonly wrt: readonly number[];
}

export interface OpInfo {
  readonly name: string;
  readonly differentiable: boolean;
  /** Where inputs are drawn from, in words (e.g. "positive: [0.5, 2.5]"). */
  readonly domain: string;
  readonly tolerance: Readonly<Record<FloatDType, Tolerance>>;
  /** Takes two or more tensors (so a broadcasting sample is expected). */
  readonly multiInput: boolean;
  /** Takes at least one tensor (so a non-contiguous sample is expected). */
  readonly takesTensor: boolean;
  /** Random op: values come from a seeded generator. */
  readonly random: boolean;
  /** Required sample kinds this op cannot have, with the reason. */
  readonly exempt: Readonly<Partial<Record<SampleKind, string>>>;
  readonly samples: (dtype: FloatDType, rng: Rng) => Sample[];
}

/** Tolerance for an output: by its own dtype when float (an int32 input gives float32 even in the float64 run). */
export function toleranceFor(info: OpInfo, outputDType: DType, runDType: FloatDType): Tolerance {
  return outputDType === 'float32' || outputDType === 'float64' ? info.tolerance[outputDType] : info.tolerance[runDType];
}

/** The kinds every entry must cover unless exempt. */
export function requiredKinds(info: OpInfo): SampleKind[] {
  const kinds: SampleKind[] = ['basic', 'scalar', 'empty'];
  if (info.multiInput) kinds.push('broadcast');
  if (info.takesTensor) kinds.push('noncontiguous');
  return kinds.filter((k) => info.exempt[k] === undefined);
}

// ── defining entries ────────────────────────────────────────────────────────────────────────────

interface SampleSpec<P> {
  readonly description: string;
  readonly kinds: readonly SampleKind[];
  readonly inputs: readonly Input[];
  readonly params: P;
  readonly gradcheck?: string;
  readonly wrt?: readonly number[];
}

interface OpSpec<P> {
  readonly name: string;
  readonly differentiable: boolean;
  readonly domain: string;
  readonly tolerance?: Partial<Record<FloatDType, Tolerance>>;
  readonly multiInput?: boolean;
  readonly takesTensor?: boolean;
  readonly random?: boolean;
  readonly exempt?: Partial<Record<SampleKind, string>>;
  readonly op: (inputs: readonly Tensor[], params: P) => OpOutput;
  readonly reference: (inputs: readonly RefTensor[], params: P) => RefResult;
  readonly samples: (m: Maker) => SampleSpec<P>[];
}

const EXACT: Tolerance = { rtol: 0, atol: 0 };
const ELEMENTWISE: Record<FloatDType, Tolerance> = {
  float32: { rtol: 1e-5, atol: 1e-6 },
  float64: { rtol: 1e-12, atol: 1e-14 },
};
/** For compositions and accumulations (several roundings in float32). */
export const COMPOSITE: Record<FloatDType, Tolerance> = {
  float32: { rtol: 1e-4, atol: 1e-5 },
  float64: { rtol: 1e-10, atol: 1e-12 },
};

function defineOp<P>(spec: OpSpec<P>): OpInfo {
  return {
    name: spec.name,
    differentiable: spec.differentiable,
    domain: spec.domain,
    tolerance: { ...ELEMENTWISE, ...spec.tolerance },
    multiInput: spec.multiInput ?? false,
    takesTensor: spec.takesTensor ?? true,
    random: spec.random ?? false,
    exempt: spec.exempt ?? {},
    samples: (dtype, rng) =>
      spec.samples(new Maker(dtype, rng)).map((s) => ({
        description: s.description,
        kinds: s.kinds,
        inputs: s.inputs,
        run: (ts: readonly Tensor[]) => spec.op(ts, s.params),
        reference: (rs: readonly RefTensor[]) => spec.reference(rs, s.params),
        gradcheck: s.gradcheck ?? true,
        wrt: s.wrt ?? s.inputs.flatMap((inp, i) => (isFloatDType(inp.tensor.dtype) ? [i] : [])),
      })),
  };
}

// ── input makers ───────────────────────────────────────────────────────────────────────────────

/** Where random input values come from. */
export type Domain = 'real' | 'positive' | 'nonzero' | 'aboveMinusOne' | 'wide' | 'smallInt' | 'withZeros' | 'special';

export const DOMAINS: Record<Domain, string> = {
  real: 'real: uniform in [-2, 2]',
  positive: 'positive: uniform in [0.5, 2.5]',
  nonzero: 'nonzero: ±uniform in [0.5, 2]',
  aboveMinusOne: 'above -1: uniform in [-0.5, 2]',
  wide: 'wide: uniform in [-3.5, 3.5]',
  smallInt: 'small integers in [-2, 2] (ties likely)',
  withZeros: 'mostly 0, some ±non-zero (truth values)',
  special: 'NaN, ±Inf, ±0 and ordinary numbers',
};

const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1.5, -2.5];

export class Maker {
  constructor(
    readonly dtype: FloatDType,
    readonly rng: Rng,
  ) {}

  draw(domain: Domain): number {
    const r = this.rng;
    switch (domain) {
      case 'real':
        return r.uniform(-2, 2);
      case 'positive':
        return r.uniform(0.5, 2.5);
      case 'nonzero':
        return (r.next() < 0.5 ? -1 : 1) * r.uniform(0.5, 2);
      case 'aboveMinusOne':
        return r.uniform(-0.5, 2);
      case 'wide':
        return r.uniform(-3.5, 3.5);
      case 'smallInt':
        return r.int(-2, 3);
      case 'withZeros':
        return [0, 0, 1.5, -2, 0.25][r.int(0, 5)]!;
      case 'special':
        return SPECIALS[r.int(0, SPECIALS.length)]!;
    }
  }

  /** A contiguous tensor of `values` (rounded to dtype). */
  of(shape: readonly number[], values: readonly number[], dtype: DType = this.dtype): Input {
    const ref = refOf(shape, dtype, values);
    return { tensor: S.tensor(dataOf(ref), { shape, dtype }), ref };
  }

  dense(shape: readonly number[], domain: Domain = 'real', dtype: DType = this.dtype): Input {
    const n = sizeOfShape(shape);
    return this.of(shape, Array.from({ length: n }, () => this.draw(domain)), dtype);
  }

  ints(shape: readonly number[], lo: number, hi: number): Input {
    return this.of(shape, Array.from({ length: sizeOfShape(shape) }, () => this.rng.int(lo, hi)), 'int32');
  }

  bools(shape: readonly number[]): Input {
    return this.of(shape, Array.from({ length: sizeOfShape(shape) }, () => (this.rng.next() < 0.5 ? 1 : 0)), 'bool');
  }

  /** A permuted (non-contiguous) view with the given result shape. */
  permuted(shape: readonly number[], axes: readonly number[], domain: Domain = 'real', dtype: DType = this.dtype): Input {
    const baseShape = new Array<number>(shape.length);
    axes.forEach((a, i) => (baseShape[a] = shape[i]!));
    const base = this.dense(baseShape, domain, dtype);
    return { tensor: S.permute(base.tensor, axes), ref: refPermute(base.ref, axes) };
  }

  /** A transposed view of shape [..., m, n] (its base is [..., n, m]). */
  transposed(shape: readonly number[], domain: Domain = 'real', dtype: DType = this.dtype): Input {
    const r = shape.length;
    const axes = Array.from({ length: r }, (_, i) => i);
    axes[r - 2] = r - 1;
    axes[r - 1] = r - 2;
    return this.permuted(shape, axes, domain, dtype);
  }

  /** A view taking every `step`-th element from position 1 along `axis`. */
  stepped(shape: readonly number[], axis: number, step: number, domain: Domain = 'real', dtype: DType = this.dtype): Input {
    const baseShape = [...shape];
    baseShape[axis] = shape[axis]! * step + 1;
    const base = this.dense(baseShape, domain, dtype);
    return {
      tensor: S.slice(base.tensor, axis, 1, undefined, step),
      ref: refSlice(base.ref, axis, 1, shape[axis]!, step),
    };
  }

  /** A view reversed along `axes`. */
  flipped(shape: readonly number[], axes: readonly number[], domain: Domain = 'real', dtype: DType = this.dtype): Input {
    const base = this.dense(shape, domain, dtype);
    return { tensor: S.flip(base.tensor, axes), ref: refFlip(base.ref, axes) };
  }

  /** A broadcast (stride-0) view of a `from`-shaped tensor. */
  expanded(shape: readonly number[], from: readonly number[], domain: Domain = 'real', dtype: DType = this.dtype): Input {
    const base = this.dense(from, domain, dtype);
    return { tensor: S.expand(base.tensor, shape), ref: refExpand(base.ref, shape) };
  }
}

// ── common sample sets ─────────────────────────────────────────────────────────────────────────

function unarySamples(m: Maker, domain: Domain): SampleSpec<null>[] {
  return [
    { description: '[3, 4]', kinds: ['basic'], inputs: [m.dense([3, 4], domain)], params: null },
    { description: '0-d', kinds: ['scalar'], inputs: [m.dense([], domain)], params: null },
    { description: 'empty [0, 3]', kinds: ['empty'], inputs: [m.dense([0, 3], domain)], params: null },
    { description: 'transposed [4, 3]', kinds: ['noncontiguous'], inputs: [m.transposed([4, 3], domain)], params: null },
    { description: 'step-2 slice [2, 3]', kinds: ['noncontiguous'], inputs: [m.stepped([2, 3], 1, 2, domain)], params: null },
    { description: 'flipped [3, 2]', kinds: ['noncontiguous'], inputs: [m.flipped([3, 2], [0, 1], domain)], params: null },
    { description: 'expanded [1, 3] → [2, 3]', kinds: ['noncontiguous'], inputs: [m.expanded([2, 3], [1, 3], domain)], params: null },
  ];
}

interface BinaryParams {
  /** A plain JS number as the second operand instead of inputs[1]. */
  readonly numberB?: number;
}

function binarySamples(m: Maker, domainA: Domain, domainB: Domain): SampleSpec<BinaryParams>[] {
  const p: BinaryParams = {};
  return [
    { description: '[2, 3] and [2, 3]', kinds: ['basic'], inputs: [m.dense([2, 3], domainA), m.dense([2, 3], domainB)], params: p },
    { description: '0-d and 0-d', kinds: ['scalar'], inputs: [m.dense([], domainA), m.dense([], domainB)], params: p },
    { description: '[3, 1] and [4]', kinds: ['broadcast'], inputs: [m.dense([3, 1], domainA), m.dense([4], domainB)], params: p },
    { description: '0-d and [2, 3]', kinds: ['broadcast', 'scalar'], inputs: [m.dense([], domainA), m.dense([2, 3], domainB)], params: p },
    { description: '[2, 1, 3] and [2, 1]', kinds: ['broadcast'], inputs: [m.dense([2, 1, 3], domainA), m.dense([2, 1], domainB)], params: p },
    { description: 'empty [0, 3] and [3]', kinds: ['empty', 'broadcast'], inputs: [m.dense([0, 3], domainA), m.dense([3], domainB)], params: p },
    { description: 'empty [2, 0] and [2, 1]', kinds: ['empty', 'broadcast'], inputs: [m.dense([2, 0], domainA), m.dense([2, 1], domainB)], params: p },
    {
      description: 'transposed [3, 2] and flipped [3, 2]',
      kinds: ['noncontiguous'],
      inputs: [m.transposed([3, 2], domainA), m.flipped([3, 2], [0], domainB)],
      params: p,
    },
    {
      description: 'step-2 slice [2, 3] and expanded [1, 3] → [2, 3]',
      kinds: ['noncontiguous'],
      inputs: [m.stepped([2, 3], 1, 2, domainA), m.expanded([2, 3], [1, 3], domainB)],
      params: p,
    },
    {
      description: 'int32 [2, 3] and float [3] promote to float',
      kinds: ['basic', 'broadcast'],
      inputs: [m.ints([2, 3], 1, 4), m.dense([3], domainB)],
      params: p,
    },
    { description: '[2, 3] and the JS number 1.5 (weak scalar)', kinds: ['basic'], inputs: [m.dense([2, 3], domainA)], params: { numberB: 1.5 } },
  ];
}

interface ReduceParams {
  readonly axis?: number | readonly number[];
  readonly keepdims: boolean;
  readonly correction?: number;
}

interface ReduceSampleOptions {
  /** Values of a reduced group may be equal in every sample of this kind (a tie or a kink). */
  readonly notDifferentiable?: Partial<Record<'expanded' | 'scalar', string>>;
}

function reduceSamples(
  m: Maker,
  domain: Domain,
  emptyIdentity: boolean,
  extra: Partial<ReduceParams> = {},
  o: ReduceSampleOptions = {},
): SampleSpec<ReduceParams>[] {
  const nd = o.notDifferentiable ?? {};
  const skipIf = (reason: string | undefined): { gradcheck?: string } => (reason === undefined ? {} : { gradcheck: reason });
  const p = (axis: number | readonly number[] | undefined, keepdims: boolean): ReduceParams =>
    axis === undefined ? { keepdims, ...extra } : { axis, keepdims, ...extra };
  const samples: SampleSpec<ReduceParams>[] = [
    { description: '[3, 4] over all axes', kinds: ['basic'], inputs: [m.dense([3, 4], domain)], params: p(undefined, false) },
    { description: '[3, 4] over axis 1, keepdims', kinds: ['basic'], inputs: [m.dense([3, 4], domain)], params: p(1, true) },
    { description: '[2, 3] over axis -1', kinds: ['basic'], inputs: [m.dense([2, 3], domain)], params: p(-1, false) },
    { description: '[2, 3, 2] over axes [0, 2]', kinds: ['basic'], inputs: [m.dense([2, 3, 2], domain)], params: p([0, 2], false) },
    { description: '0-d over all axes', kinds: ['scalar'], inputs: [m.dense([], domain)], params: p(undefined, false), ...skipIf(nd.scalar) },
    { description: '0-d over all axes, keepdims', kinds: ['scalar'], inputs: [m.dense([], domain)], params: p(undefined, true), ...skipIf(nd.scalar) },
    { description: 'empty [0, 3] over axis 1', kinds: ['empty'], inputs: [m.dense([0, 3], domain)], params: p(1, false) },
    { description: 'transposed [4, 3] over axis 0', kinds: ['noncontiguous'], inputs: [m.transposed([4, 3], domain)], params: p(0, false) },
    { description: 'flipped [3, 4] over axis 1, keepdims', kinds: ['noncontiguous'], inputs: [m.flipped([3, 4], [1], domain)], params: p(1, true) },
    {
      description: 'expanded [1, 4] → [3, 4] over all axes',
      kinds: ['noncontiguous'],
      inputs: [m.expanded([3, 4], [1, 4], domain)],
      params: p(undefined, false),
      ...skipIf(nd.expanded),
    },
  ];
  if (emptyIdentity) {
    samples.push(
      { description: 'empty [0, 3] over axis 0', kinds: ['empty'], inputs: [m.dense([0, 3], domain)], params: p(0, false) },
      { description: 'empty [0, 3] over all axes', kinds: ['empty'], inputs: [m.dense([0, 3], domain)], params: p(undefined, false) },
    );
  }
  return samples;
}

function t0(inputs: readonly Tensor[]): Tensor {
  return inputs[0]!;
}
function r0(inputs: readonly RefTensor[]): RefTensor {
  return inputs[0]!;
}

// ── elementwise unary ──────────────────────────────────────────────────────────────────────────

interface UnaryOptions {
  readonly domain?: Domain;
  /** 'float': int input gives float32; 'same': keeps dtype; 'bool': gives bool. */
  readonly result?: 'float' | 'same' | 'bool';
  readonly differentiable?: boolean;
  readonly tolerance?: Partial<Record<FloatDType, Tolerance>>;
  /** Forward-only samples (e.g. at kinks), with why they are not gradient-checked. */
  readonly extra?: (m: Maker) => SampleSpec<null>[];
}

function unaryOp(name: string, fn: (x: Tensor) => Tensor, f: (v: number) => number, o: UnaryOptions = {}): OpInfo {
  const domain = o.domain ?? 'real';
  const result = o.result ?? 'float';
  return defineOp<null>({
    name,
    differentiable: o.differentiable ?? result !== 'bool',
    domain: DOMAINS[domain],
    ...(o.tolerance === undefined ? {} : { tolerance: o.tolerance }),
    op: (ts) => fn(t0(ts)),
    reference: (rs) => {
      const x = r0(rs);
      const dtype = result === 'bool' ? 'bool' : result === 'float' ? floatResult(x.dtype) : x.dtype;
      return refUnary(x, dtype, f);
    },
    samples: (m) => [
      ...unarySamples(m, domain),
      {
        description: `int32 input gives ${result === 'float' ? 'float32' : result === 'bool' ? 'bool' : 'int32'}`,
        kinds: ['basic'],
        inputs: [m.ints([4], 1, 3)],
        params: null,
      },
      ...(o.extra?.(m) ?? []),
    ],
  });
}

const sigmoidRef = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
const geluRef = (v: number): number => 0.5 * v * (1 + refErf(v / Math.SQRT2));
const geluTanhRef = (v: number): number => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
const signRef = (v: number): number => (Number.isNaN(v) ? NaN : v > 0 ? 1 : v < 0 ? -1 : 0);

const atKinks = (reason: string, values: readonly number[]) => (m: Maker): SampleSpec<null>[] => [
  { description: `values ${JSON.stringify(values)} (forward only)`, kinds: ['basic'], inputs: [m.of([values.length], values)], params: null, gradcheck: reason },
];

const UNARY: OpInfo[] = [
  unaryOp('neg', S.neg, (v) => -v, { result: 'same' }),
  unaryOp('abs', S.abs, Math.abs, { result: 'same', extra: atKinks('abs has a kink at 0', [0, -1, 1]) }),
  unaryOp('exp', S.exp, Math.exp),
  unaryOp('log', S.log, Math.log, { domain: 'positive' }),
  unaryOp('log1p', S.log1p, Math.log1p, { domain: 'aboveMinusOne', extra: atKinks('tiny inputs test accuracy, not slope', [1e-10, -1e-9]) }),
  unaryOp('sqrt', S.sqrt, Math.sqrt, { domain: 'positive' }),
  unaryOp('rsqrt', S.rsqrt, (v) => 1 / Math.sqrt(v), { domain: 'positive' }),
  unaryOp('square', S.square, (v) => v * v, { result: 'same' }),
  unaryOp('sin', S.sin, Math.sin),
  unaryOp('cos', S.cos, Math.cos),
  unaryOp('tanh', S.tanh, Math.tanh),
  unaryOp('sigmoid', S.sigmoid, sigmoidRef, { extra: atKinks('large |x| tests stability, not slope', [-40, 40, -800, 800]) }),
  unaryOp('relu', S.relu, (v) => (v > 0 ? v : 0), { result: 'same', extra: atKinks('relu has a kink at 0', [0, -1, 1]) }),
  defineOp<{ readonly slope?: number }>({
    name: 'leakyRelu',
    differentiable: true,
    domain: DOMAINS.real,
    op: (ts, p) => (p.slope === undefined ? S.leakyRelu(t0(ts)) : S.leakyRelu(t0(ts), p.slope)),
    reference: (rs, p) => refUnary(r0(rs), r0(rs).dtype, (v) => (v > 0 ? v : v * (p.slope ?? 0.01))),
    samples: (m) => [
      ...unarySamples(m, 'real').map((s) => ({ ...s, params: { slope: 0.2 } })),
      { description: '[3, 4] with the default slope 0.01', kinds: ['basic'], inputs: [m.dense([3, 4])], params: {} },
    ],
  }),
  unaryOp('gelu', (x) => S.gelu(x), geluRef, { domain: 'wide', tolerance: COMPOSITE }),
  unaryOp('gelu:tanh', (x) => S.gelu(x, 'tanh'), geluTanhRef, { domain: 'wide', tolerance: COMPOSITE }),
  unaryOp('erf', S.erf, refErf, {
    domain: 'wide',
    tolerance: { float64: { rtol: 1e-13, atol: 1e-15 } },
    extra: atKinks('checks the tails of erf', [-6.5, -5, -3, 3, 4.5, 6, 1e-8]),
  }),
  unaryOp('sign', S.sign, signRef, { result: 'same', extra: atKinks('sign jumps at 0', [0, -3, 2]) }),
  unaryOp('floor', S.floor, Math.floor, { result: 'same' }),
  unaryOp('ceil', S.ceil, Math.ceil, { result: 'same' }),
  unaryOp('round', S.round, roundHalfEven, {
    result: 'same',
    extra: atKinks('round jumps at half-integers', [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49999997]),
  }),
  defineOp<{ readonly min: number | null; readonly max: number | null }>({
    name: 'clip',
    differentiable: true,
    domain: DOMAINS.real,
    op: (ts, p) => S.clip(t0(ts), p.min, p.max),
    reference: (rs, p) =>
      refUnary(r0(rs), r0(rs).dtype, (v) => {
        if (Number.isNaN(v)) return NaN;
        let out = v;
        if (p.min !== null && out < p.min) out = p.min;
        if (p.max !== null && out > p.max) out = p.max;
        return out;
      }),
    samples: (m) => [
      ...unarySamples(m, 'real').map((s) => ({ ...s, params: { min: -0.5, max: 0.8 } })),
      { description: '[3, 4] with only a max', kinds: ['basic'], inputs: [m.dense([3, 4])], params: { min: null, max: 0.3 } },
      { description: '[3, 4] with only a min', kinds: ['basic'], inputs: [m.dense([3, 4])], params: { min: 0, max: null } },
      { description: 'int32 input keeps int32', kinds: ['basic'], inputs: [m.ints([5], -3, 4)], params: { min: -1, max: 2 } },
    ],
  }),
  unaryOp('logicalNot', S.logicalNot, (v) => (v === 0 ? 1 : 0), { result: 'bool', domain: 'withZeros' }),
  unaryOp('isNaN', S.isNaN, (v) => (Number.isNaN(v) ? 1 : 0), { result: 'bool', domain: 'special' }),
  unaryOp('isFinite', S.isFinite, (v) => (Number.isFinite(v) ? 1 : 0), { result: 'bool', domain: 'special' }),
  unaryOp('isInf', S.isInf, (v) => (v === Infinity || v === -Infinity ? 1 : 0), { result: 'bool', domain: 'special' }),
];

// ── elementwise binary and where ───────────────────────────────────────────────────────────────

interface BinaryOptions {
  readonly domainA?: Domain;
  readonly domainB?: Domain;
  readonly kind?: 'arithmetic' | 'division' | 'comparison' | 'logical';
  readonly tolerance?: Partial<Record<FloatDType, Tolerance>>;
  readonly extra?: (m: Maker) => SampleSpec<BinaryParams>[];
}

/** The dtype a JS number takes next to a tensor of dtype d (PyTorch's weak scalars). */
function weakScalarDType(v: number, d: DType): DType {
  if (isFloatDType(d)) return d;
  if (!Number.isInteger(v)) return 'float32';
  if (d === 'bool' && v !== 0 && v !== 1) return 'int32';
  return d;
}

function binaryOp(name: string, fn: (a: S.TensorLike, b: S.TensorLike) => Tensor, f: (a: number, b: number) => number, o: BinaryOptions = {}): OpInfo {
  const kind = o.kind ?? 'arithmetic';
  const domainA = o.domainA ?? 'real';
  const domainB = o.domainB ?? 'real';
  return defineOp<BinaryParams>({
    name,
    differentiable: kind === 'arithmetic' || kind === 'division',
    domain: `a ${DOMAINS[domainA]}; b ${DOMAINS[domainB]}`,
    multiInput: true,
    ...(o.tolerance === undefined ? {} : { tolerance: o.tolerance }),
    op: (ts, p) => fn(t0(ts), p.numberB ?? ts[1]!),
    reference: (rs, p) => {
      const a = r0(rs);
      const b = p.numberB === undefined ? rs[1]! : refOf([], weakScalarDType(p.numberB, a.dtype), [p.numberB]);
      const promoted = promote(a.dtype, b.dtype);
      let compute: DType = promoted;
      let result: DType = promoted;
      if (kind === 'arithmetic' && promoted === 'bool') compute = result = 'int32';
      if (kind === 'division') compute = result = floatResult(promoted);
      if (kind === 'comparison' || kind === 'logical') result = 'bool';
      const ca = refCast(a, compute);
      const cb = refCast(b, compute);
      return refNary([ca, cb], result, ([x, y]) => coerce(f(x!, y!), compute));
    },
    samples: (m) => [...binarySamples(m, domainA, domainB), ...(o.extra?.(m) ?? [])],
  });
}

const ties = (reason: string) => (m: Maker): SampleSpec<BinaryParams>[] => [
  {
    description: 'small integers with ties (forward only)',
    kinds: ['basic'],
    inputs: [m.of([6], [-1, 0, 2, 2, -2, 1]), m.of([6], [-1, 1, 2, 0, -2, 1])],
    params: {},
    gradcheck: reason,
  },
];

/** C / IEEE 754 pow (what PyTorch computes): unlike JS `**`, 1^NaN = 1 and (−1)^±Inf = 1. */
function powRef(a: number, b: number): number {
  if (a === 1 || b === 0) return 1;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  return a ** b;
}

const BINARY: OpInfo[] = [
  binaryOp('add', S.add, (a, b) => a + b),
  binaryOp('sub', S.sub, (a, b) => a - b),
  binaryOp('mul', S.mul, (a, b) => a * b),
  binaryOp('div', S.div, (a, b) => a / b, {
    kind: 'division',
    domainB: 'nonzero',
    extra: (m) => [
      { description: 'int32 / int32 is true division in float32', kinds: ['basic'], inputs: [m.of([3], [7, -7, 1], 'int32'), m.of([3], [2, 2, 3], 'int32')], params: {} },
    ],
  }),
  binaryOp('pow', S.pow, powRef, {
    domainA: 'positive',
    tolerance: COMPOSITE,
    extra: (m) => [
      { description: 'negative base, integer exponent 2 as a JS number', kinds: ['basic'], inputs: [m.dense([2, 3], 'real')], params: { numberB: 2 } },
      { description: 'negative base, exponent 3 as a tensor', kinds: ['basic'], inputs: [m.dense([4], 'real'), m.of([], [3])], params: {}, wrt: [0] },
    ],
  }),
  binaryOp('maximum', S.maximum, (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)), { extra: ties('ties split the gradient') }),
  binaryOp('minimum', S.minimum, (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)), { extra: ties('ties split the gradient') }),
  binaryOp('eq', S.eq, (a, b) => (a === b ? 1 : 0), { kind: 'comparison', domainA: 'smallInt', domainB: 'smallInt' }),
  binaryOp('ne', S.ne, (a, b) => (a !== b ? 1 : 0), { kind: 'comparison', domainA: 'smallInt', domainB: 'smallInt' }),
  binaryOp('lt', S.lt, (a, b) => (a < b ? 1 : 0), { kind: 'comparison', domainA: 'smallInt', domainB: 'smallInt' }),
  binaryOp('le', S.le, (a, b) => (a <= b ? 1 : 0), { kind: 'comparison', domainA: 'smallInt', domainB: 'smallInt' }),
  binaryOp('gt', S.gt, (a, b) => (a > b ? 1 : 0), { kind: 'comparison', domainA: 'smallInt', domainB: 'smallInt' }),
  binaryOp('ge', S.ge, (a, b) => (a >= b ? 1 : 0), { kind: 'comparison', domainA: 'smallInt', domainB: 'smallInt' }),
  binaryOp('logicalAnd', S.logicalAnd, (a, b) => (a !== 0 && b !== 0 ? 1 : 0), { kind: 'logical', domainA: 'withZeros', domainB: 'withZeros' }),
  binaryOp('logicalOr', S.logicalOr, (a, b) => (a !== 0 || b !== 0 ? 1 : 0), { kind: 'logical', domainA: 'withZeros', domainB: 'withZeros' }),
  defineOp<{ readonly numberB?: number }>({
    name: 'where',
    differentiable: true,
    domain: `cond: random bools; a, b ${DOMAINS.real}`,
    multiInput: true,
    op: (ts, p) => S.where(t0(ts), ts[1]!, p.numberB ?? ts[2]!),
    reference: (rs, p) => {
      const [c, a] = [rs[0]!, rs[1]!];
      const b = p.numberB === undefined ? rs[2]! : refOf([], weakScalarDType(p.numberB, a.dtype), [p.numberB]);
      const dtype = promote(a.dtype, b.dtype);
      return refNary([c, a, b], dtype, ([cv, av, bv]) => (cv !== 0 ? av! : bv!));
    },
    samples: (m) => [
      { description: 'all [2, 3]', kinds: ['basic'], inputs: [m.bools([2, 3]), m.dense([2, 3]), m.dense([2, 3])], params: {} },
      { description: 'all 0-d', kinds: ['scalar'], inputs: [m.bools([]), m.dense([]), m.dense([])], params: {} },
      { description: 'cond [3, 1], a [4], b 0-d', kinds: ['broadcast', 'scalar'], inputs: [m.bools([3, 1]), m.dense([4]), m.dense([])], params: {} },
      { description: 'cond empty [0, 3], a [3], b [1, 3]', kinds: ['empty', 'broadcast'], inputs: [m.bools([0, 3]), m.dense([3]), m.dense([1, 3])], params: {} },
      {
        description: 'cond expanded, a transposed, b flipped',
        kinds: ['noncontiguous'],
        inputs: [m.expanded([3, 2], [1, 2], 'real', 'bool'), m.transposed([3, 2]), m.flipped([3, 2], [0])],
        params: {},
      },
      { description: 'float cond read as truth values', kinds: ['basic'], inputs: [m.dense([5], 'withZeros'), m.dense([5]), m.dense([5])], params: {} },
      { description: 'b is the JS number 0', kinds: ['basic'], inputs: [m.bools([2, 3]), m.dense([2, 3])], params: { numberB: 0 } },
    ],
  }),
];

// ── reductions ─────────────────────────────────────────────────────────────────────────────────

function reduceOp(
  name: string,
  fn: (x: Tensor, p: ReduceParams) => Tensor,
  f: (values: number[], p: ReduceParams) => number,
  o: {
    emptyIdentity: boolean;
    result: 'same' | 'float' | 'sumInt';
    domain?: Domain;
    tolerance?: Partial<Record<FloatDType, Tolerance>>;
    extra?: Partial<ReduceParams>;
    samples?: ReduceSampleOptions;
  },
): OpInfo {
  const domain = o.domain ?? 'real';
  return defineOp<ReduceParams>({
    name,
    differentiable: true,
    domain: DOMAINS[domain],
    tolerance: o.tolerance ?? COMPOSITE,
    op: (ts, p) => fn(t0(ts), p),
    reference: (rs, p) => {
      const x = r0(rs);
      const dtype = o.result === 'float' ? floatResult(x.dtype) : o.result === 'sumInt' && !isFloatDType(x.dtype) ? 'int32' : x.dtype;
      return refReduce(x, p.axis, p.keepdims, dtype, (v) => f(v, p));
    },
    samples: (m) => [
      ...reduceSamples(m, domain, o.emptyIdentity, o.extra ?? {}, o.samples ?? {}),
      { description: 'int32 [2, 3] over axis 0', kinds: ['basic'], inputs: [m.ints([2, 3], -3, 4)], params: { axis: 0, keepdims: false, ...o.extra } },
    ],
  });
}

function reduceArgs(p: ReduceParams): [number | readonly number[] | undefined, boolean] {
  return [p.axis, p.keepdims];
}

const REDUCTIONS: OpInfo[] = [
  reduceOp('sum', (x, p) => S.sum(x, ...reduceArgs(p)), sumOf, { emptyIdentity: true, result: 'sumInt' }),
  reduceOp('mean', (x, p) => S.mean(x, ...reduceArgs(p)), (v) => sumOf(v) / v.length, { emptyIdentity: true, result: 'float' }),
  reduceOp('max', (x, p) => S.max(x, ...reduceArgs(p)), maxOf, { emptyIdentity: false, result: 'same', tolerance: ELEMENTWISE, samples: { notDifferentiable: { expanded: 'the expanded input repeats the extreme value (a tie)' } } }),
  reduceOp('min', (x, p) => S.min(x, ...reduceArgs(p)), minOf, { emptyIdentity: false, result: 'same', tolerance: ELEMENTWISE, samples: { notDifferentiable: { expanded: 'the expanded input repeats the extreme value (a tie)' } } }),
  reduceOp('prod', (x, p) => S.prod(x, ...reduceArgs(p)), prodOf, { emptyIdentity: true, result: 'sumInt' }),
  reduceOp('variance', (x, p) => S.variance(x, p.axis, p.keepdims, p.correction), (v, p) => varianceOf(v, p.correction ?? 1), {
    emptyIdentity: true,
    result: 'float',
    extra: { correction: 0 },
  }),
  defineOp<ReduceParams>({
    name: 'variance:unbiased',
    differentiable: true,
    domain: DOMAINS.real,
    tolerance: COMPOSITE,
    op: (ts, p) => S.variance(t0(ts), p.axis, p.keepdims),
    reference: (rs, p) => refReduce(r0(rs), p.axis, p.keepdims, floatResult(r0(rs).dtype), (v) => varianceOf(v, 1)),
    exempt: { scalar: 'one element with the default correction 1 divides by zero (NaN); special-values covers it' },
    samples: (m) => reduceSamples(m, 'real', true).filter((s) => !s.kinds.includes('scalar')),
  }),
  reduceOp('std', (x, p) => S.std(x, p.axis, p.keepdims, p.correction), (v, p) => Math.sqrt(varianceOf(v, p.correction ?? 1)), {
    emptyIdentity: true,
    result: 'float',
    extra: { correction: 0 },
    samples: { notDifferentiable: { scalar: 'the std of one element is 0, where √ has no derivative (NaN, as in PyTorch)' } },
  }),
  reduceOp('logsumexp', (x, p) => S.logsumexp(x, ...reduceArgs(p)), logsumexpOf, { emptyIdentity: true, result: 'float' }),
];

interface ArgParams {
  readonly axis?: number;
  readonly keepdims: boolean;
}

function argOp(name: 'argmax' | 'argmin', fn: (x: Tensor, axis?: number, keepdims?: boolean) => Tensor): OpInfo {
  return defineOp<ArgParams>({
    name,
    differentiable: false,
    domain: DOMAINS.smallInt,
    tolerance: { float32: EXACT, float64: EXACT },
    op: (ts, p) => fn(t0(ts), p.axis, p.keepdims),
    reference: (rs, p) => {
      const x = r0(rs);
      const largest = name === 'argmax';
      if (p.axis === undefined) {
        const i = argExtreme(dataOf(x), largest);
        return refOf(p.keepdims ? x.shape.map(() => 1) : [], 'int32', [i]);
      }
      return refReduce(x, p.axis, p.keepdims, 'int32', (v) => argExtreme(v, largest));
    },
    samples: (m) => [
      { description: '[3, 4] flattened', kinds: ['basic'], inputs: [m.dense([3, 4])], params: { keepdims: false } },
      { description: '[3, 4] flattened, keepdims', kinds: ['basic'], inputs: [m.dense([3, 4])], params: { keepdims: true } },
      { description: '[3, 4] with ties along axis 1 (first index wins)', kinds: ['basic'], inputs: [m.dense([3, 4], 'smallInt')], params: { axis: 1, keepdims: false } },
      { description: '[2, 3, 2] along axis -2, keepdims', kinds: ['basic'], inputs: [m.dense([2, 3, 2], 'smallInt')], params: { axis: -2, keepdims: true } },
      { description: '0-d', kinds: ['scalar'], inputs: [m.dense([])], params: { keepdims: false } },
      { description: 'empty [0, 3] along axis 1', kinds: ['empty'], inputs: [m.dense([0, 3])], params: { axis: 1, keepdims: false } },
      { description: 'transposed [4, 3] along axis 0', kinds: ['noncontiguous'], inputs: [m.transposed([4, 3], 'smallInt')], params: { axis: 0, keepdims: false } },
      { description: 'flipped [3, 4] along axis 1', kinds: ['noncontiguous'], inputs: [m.flipped([3, 4], [1], 'smallInt')], params: { axis: 1, keepdims: false } },
    ],
  });
}

// ── matmul, indexing ───────────────────────────────────────────────────────────────────────────

const MATMUL = defineOp<null>({
  name: 'matmul',
  differentiable: true,
  domain: DOMAINS.real,
  multiInput: true,
  tolerance: COMPOSITE,
  exempt: { scalar: 'matmul refuses 0-d operands (ShapeError), as torch.matmul does' },
  op: (ts) => S.matmul(t0(ts), ts[1]!),
  reference: (rs) => refMatmul(rs[0]!, rs[1]!, promote(promote(rs[0]!.dtype, rs[1]!.dtype), 'int32')),
  samples: (m) => [
    { description: '[2, 3] · [3, 4]', kinds: ['basic'], inputs: [m.dense([2, 3]), m.dense([3, 4])], params: null },
    { description: '[3] · [3, 2] (vector on the left)', kinds: ['basic'], inputs: [m.dense([3]), m.dense([3, 2])], params: null },
    { description: '[2, 3] · [3] (vector on the right)', kinds: ['basic'], inputs: [m.dense([2, 3]), m.dense([3])], params: null },
    { description: '[3] · [3] (dot product, 0-d result)', kinds: ['basic'], inputs: [m.dense([3]), m.dense([3])], params: null },
    { description: 'batch [2, 1, 2, 3] · [2, 3, 2] broadcasts', kinds: ['broadcast'], inputs: [m.dense([2, 1, 2, 3]), m.dense([2, 3, 2])], params: null },
    { description: 'batch [2, 2, 3] · [3, 2] broadcasts the matrix', kinds: ['broadcast'], inputs: [m.dense([2, 2, 3]), m.dense([3, 2])], params: null },
    { description: 'empty [0, 3] · [3, 2]', kinds: ['empty'], inputs: [m.dense([0, 3]), m.dense([3, 2])], params: null },
    { description: 'empty inner [2, 0] · [0, 3] gives zeros', kinds: ['empty'], inputs: [m.dense([2, 0]), m.dense([0, 3])], params: null },
    { description: 'transposed [2, 3] · flipped [3, 2]', kinds: ['noncontiguous'], inputs: [m.transposed([2, 3]), m.flipped([3, 2], [0])], params: null },
    { description: 'expanded batch [2, 2, 3] · step-2 slice [3, 2]', kinds: ['noncontiguous'], inputs: [m.expanded([2, 2, 3], [1, 2, 3]), m.stepped([3, 2], 0, 2)], params: null },
    { description: 'int32 · int32 stays int32', kinds: ['basic'], inputs: [m.ints([2, 2], -3, 4), m.ints([2, 2], -3, 4)], params: null },
  ],
});

function refGather(x: RefTensor, axis: number, index: RefTensor): RefTensor {
  const a = axis < 0 ? axis + x.shape.length : axis;
  return build(index.shape, x.dtype, (idx) => {
    const src = [...idx];
    src[a] = at(index, idx);
    return at(x, src);
  });
}

const NOT_BROADCAST = (op: string, why: string): string => `${op} does not broadcast: ${why}`;

const GATHER = defineOp<{ readonly axis: number }>({
  name: 'gather',
  differentiable: true,
  domain: `x ${DOMAINS.real}; index: int32 in range`,
  multiInput: true,
  exempt: {
    scalar: 'gather takes an axis, and Sprout accepts no axis on a 0-d tensor',
    broadcast: NOT_BROADCAST('gather', 'index has x\'s rank (torch.gather)'),
  },
  op: (ts, p) => S.gather(t0(ts), p.axis, ts[1]!),
  reference: (rs, p) => refGather(rs[0]!, p.axis, rs[1]!),
  samples: (m) => [
    { description: '[3, 4] along axis 1 with index [3, 2]', kinds: ['basic'], inputs: [m.dense([3, 4]), m.ints([3, 2], 0, 4)], params: { axis: 1 } },
    { description: '[3, 4] along axis 0 with index [2, 4]', kinds: ['basic'], inputs: [m.dense([3, 4]), m.ints([2, 4], 0, 3)], params: { axis: 0 } },
    { description: 'index smaller than x off the axis', kinds: ['basic'], inputs: [m.dense([3, 4]), m.ints([2, 2], 0, 4)], params: { axis: -1 } },
    { description: 'empty index [3, 0]', kinds: ['empty'], inputs: [m.dense([3, 4]), m.ints([3, 0], 0, 4)], params: { axis: 1 } },
    { description: 'transposed x [4, 3] along axis 0', kinds: ['noncontiguous'], inputs: [m.transposed([4, 3]), m.ints([5, 3], 0, 4)], params: { axis: 0 } },
    {
      description: 'flipped x, expanded index',
      kinds: ['noncontiguous'],
      inputs: [m.flipped([3, 4], [1]), { tensor: S.expand(S.tensor([[2, 0]], { dtype: 'int32' }), [3, 2]), ref: refOf([3, 2], 'int32', [2, 0, 2, 0, 2, 0]) }],
      params: { axis: 1 },
    },
  ],
});

const INDEX_SELECT = defineOp<{ readonly axis: number }>({
  name: 'indexSelect',
  differentiable: true,
  domain: `x ${DOMAINS.real}; index: 1-D int32 in range, with repeats`,
  multiInput: true,
  exempt: {
    scalar: 'indexSelect takes an axis and a 1-D index (no 0-d form)',
    broadcast: NOT_BROADCAST('indexSelect', 'the index is 1-D'),
  },
  op: (ts, p) => S.indexSelect(t0(ts), p.axis, ts[1]!),
  reference: (rs, p) => {
    const [x, index] = [rs[0]!, rs[1]!];
    const a = p.axis < 0 ? p.axis + x.shape.length : p.axis;
    const shape = x.shape.map((d, i) => (i === a ? index.shape[0]! : d));
    return build(shape, x.dtype, (idx) => {
      const src = [...idx];
      src[a] = dataOf(index)[idx[a]!]!;
      return at(x, src);
    });
  },
  samples: (m) => [
    { description: 'rows 3, 1, 3 of [4, 3]', kinds: ['basic'], inputs: [m.dense([4, 3]), m.of([3], [3, 1, 3], 'int32')], params: { axis: 0 } },
    { description: 'columns of [2, 4] along axis -1', kinds: ['basic'], inputs: [m.dense([2, 4]), m.of([5], [0, 3, 3, 2, 0], 'int32')], params: { axis: -1 } },
    { description: 'empty index', kinds: ['empty'], inputs: [m.dense([4, 3]), m.of([0], [], 'int32')], params: { axis: 0 } },
    { description: 'flipped x [4, 3]', kinds: ['noncontiguous'], inputs: [m.flipped([4, 3], [0]), m.of([2], [0, 2], 'int32')], params: { axis: 0 } },
    {
      description: 'transposed x, step-2 slice index',
      kinds: ['noncontiguous'],
      inputs: [m.transposed([3, 4]), { tensor: S.slice(S.tensor([9, 1, 9, 3, 9, 0], { dtype: 'int32' }), 0, 1, undefined, 2), ref: refOf([3], 'int32', [1, 3, 0]) }],
      params: { axis: 1 },
    },
  ],
});

const SCATTER_ADD = defineOp<{ readonly axis: number }>({
  name: 'scatterAdd',
  differentiable: true,
  domain: `x, src ${DOMAINS.real}; index: int32 in range, with repeats`,
  multiInput: true,
  exempt: {
    scalar: 'scatterAdd takes an axis, and Sprout accepts no axis on a 0-d tensor',
    broadcast: NOT_BROADCAST('scatterAdd', 'index and src have x\'s rank (torch.scatter_add)'),
  },
  op: (ts, p) => S.scatterAdd(t0(ts), p.axis, ts[1]!, ts[2]!),
  reference: (rs, p) => {
    const [x, index, src] = [rs[0]!, rs[1]!, rs[2]!];
    const a = p.axis < 0 ? p.axis + x.shape.length : p.axis;
    const dtype = promote(x.dtype, src.dtype);
    const out = [...dataOf(x)];
    for (let i = 0; i < sizeOfShape(index.shape); i++) {
      const idx = unravel(i, index.shape);
      const dst = [...idx];
      dst[a] = at(index, idx);
      const flat = dst.reduce((f, v, k) => f * x.shape[k]! + v, 0);
      out[flat] = out[flat]! + at(src, idx);
    }
    return refOf(x.shape, dtype, out);
  },
  samples: (m) => [
    { description: '[3, 4] along axis 1, repeated indices', kinds: ['basic'], inputs: [m.dense([3, 4]), m.ints([3, 3], 0, 2), m.dense([3, 3])], params: { axis: 1 } },
    { description: '[3, 4] along axis 0', kinds: ['basic'], inputs: [m.dense([3, 4]), m.ints([2, 4], 0, 3), m.dense([2, 4])], params: { axis: 0 } },
    { description: 'src larger than index', kinds: ['basic'], inputs: [m.dense([4]), m.ints([3], 0, 4), m.dense([5])], params: { axis: 0 } },
    { description: 'empty index and src', kinds: ['empty'], inputs: [m.dense([3, 4]), m.ints([3, 0], 0, 4), m.dense([3, 0])], params: { axis: 1 } },
    {
      description: 'flipped x, transposed src',
      kinds: ['noncontiguous'],
      inputs: [m.flipped([3, 4], [1]), m.ints([3, 2], 0, 4), m.transposed([3, 2])],
      params: { axis: 1 },
    },
  ],
});

const ONE_HOT = defineOp<{ readonly classes: number; readonly dtype?: DType }>({
  name: 'oneHot',
  differentiable: false,
  domain: 'indices: int32 in [0, numClasses)',
  tolerance: { float32: EXACT, float64: EXACT },
  op: (ts, p) => (p.dtype === undefined ? S.oneHot(t0(ts), p.classes) : S.oneHot(t0(ts), p.classes, { dtype: p.dtype })),
  reference: (rs, p) => {
    const x = r0(rs);
    return build([...x.shape, p.classes], p.dtype ?? 'float32', (idx) => (at(x, idx.slice(0, -1)) === idx[idx.length - 1] ? 1 : 0));
  },
  samples: (m) => [
    { description: '[4] into 3 classes (float32 by default)', kinds: ['basic'], inputs: [m.ints([4], 0, 3)], params: { classes: 3 } },
    { description: `[2, 3] into 4 classes as ${m.dtype}`, kinds: ['basic'], inputs: [m.ints([2, 3], 0, 4)], params: { classes: 4, dtype: m.dtype } },
    { description: '0-d index', kinds: ['scalar'], inputs: [m.of([], [2], 'int32')], params: { classes: 3 } },
    { description: 'empty [0]', kinds: ['empty'], inputs: [m.of([0], [], 'int32')], params: { classes: 3 } },
    {
      description: 'flipped indices',
      kinds: ['noncontiguous'],
      inputs: [{ tensor: S.flip(S.tensor([0, 1, 2, 2], { dtype: 'int32' }), 0), ref: refOf([4], 'int32', [2, 2, 1, 0]) }],
      params: { classes: 3, dtype: 'int32' },
    },
  ],
});

// ── softmax, cumsum, sort ──────────────────────────────────────────────────────────────────────

function softmaxLine(line: number[]): number[] {
  const mx = maxOf(line);
  const e = line.map((v) => Math.exp(v - mx));
  const s = sumOf(e);
  return e.map((v) => v / s);
}

function logSoftmaxLine(line: number[]): number[] {
  const l = logsumexpOf(line);
  return line.map((v) => v - l);
}

function softmaxOp(name: string, fn: (x: Tensor, axis?: number) => Tensor, line: (l: number[]) => number[]): OpInfo {
  return defineOp<{ readonly axis?: number }>({
    name,
    differentiable: true,
    domain: DOMAINS.wide,
    tolerance: COMPOSITE,
    exempt: { scalar: 'softmax takes an axis, and Sprout accepts no axis on a 0-d tensor (torch returns 1)' },
    op: (ts, p) => (p.axis === undefined ? fn(t0(ts)) : fn(t0(ts), p.axis)),
    reference: (rs, p) => refAlongAxis(r0(rs), p.axis ?? -1, floatResult(r0(rs).dtype), line),
    samples: (m) => [
      { description: '[3, 4] along the last axis', kinds: ['basic'], inputs: [m.dense([3, 4], 'wide')], params: {} },
      { description: '[3, 4] along axis 0', kinds: ['basic'], inputs: [m.dense([3, 4], 'wide')], params: { axis: 0 } },
      { description: '[5] (no batch dimension)', kinds: ['basic'], inputs: [m.dense([5], 'wide')], params: {} },
      { description: 'large logits [1000, 0, -1000] stay finite', kinds: ['basic'], inputs: [m.of([3], [1000, 0, -1000])], params: {}, gradcheck: 'saturated: tests stability' },
      { description: 'empty [0, 3]', kinds: ['empty'], inputs: [m.dense([0, 3])], params: {} },
      { description: 'empty [3, 0]', kinds: ['empty'], inputs: [m.dense([3, 0])], params: {} },
      { description: 'transposed [4, 3]', kinds: ['noncontiguous'], inputs: [m.transposed([4, 3], 'wide')], params: {} },
      { description: 'expanded [1, 4] → [2, 4] along axis 0', kinds: ['noncontiguous'], inputs: [m.expanded([2, 4], [1, 4], 'wide')], params: { axis: 0 } },
      { description: 'int32 gives float32', kinds: ['basic'], inputs: [m.ints([2, 3], -2, 3)], params: {} },
    ],
  });
}

const CUMSUM = defineOp<{ readonly axis: number }>({
  name: 'cumsum',
  differentiable: true,
  domain: DOMAINS.real,
  tolerance: COMPOSITE,
  op: (ts, p) => S.cumsum(t0(ts), p.axis),
  reference: (rs, p) => {
    const x = r0(rs);
    const dtype = isFloatDType(x.dtype) ? x.dtype : 'int32';
    if (x.shape.length === 0) return x;
    return refAlongAxis(x, p.axis, dtype, (line) => {
      let s = 0;
      return line.map((v) => (s += v));
    });
  },
  samples: (m) => [
    { description: '[3, 4] along axis 1', kinds: ['basic'], inputs: [m.dense([3, 4])], params: { axis: 1 } },
    { description: '[3, 4] along axis -2', kinds: ['basic'], inputs: [m.dense([3, 4])], params: { axis: -2 } },
    { description: '0-d along axis 0', kinds: ['scalar'], inputs: [m.dense([])], params: { axis: 0 } },
    { description: 'empty [0, 3] along axis 0', kinds: ['empty'], inputs: [m.dense([0, 3])], params: { axis: 0 } },
    { description: 'flipped [3, 4] along axis 1', kinds: ['noncontiguous'], inputs: [m.flipped([3, 4], [1])], params: { axis: 1 } },
    { description: 'step-2 slice [2, 3] along axis 1', kinds: ['noncontiguous'], inputs: [m.stepped([2, 3], 1, 2)], params: { axis: 1 } },
    { description: 'bool sums in int32', kinds: ['basic'], inputs: [m.bools([6])], params: { axis: 0 } },
  ],
});

/** Parameters of the sliding-window entries: the geometry, and the pad value (im2col) or input size (col2im). */
interface WindowParams {
  readonly geometry: S.WindowGeometry2d;
  readonly padValue?: number;
  readonly inputSize?: readonly [number, number];
}

function windowGeometry(kernel: [number, number], stride: [number, number], dilation: [number, number], padding: [number, number], output: [number, number]): S.WindowGeometry2d {
  return { kernel, stride, dilation, padding, output };
}

/** Input position (row, column) that window q reads at tap t, by the definition in contract.ts. */
function windowSource(g: S.WindowGeometry2d, t: number, q: number): [number, number] {
  const [ty, tx] = [Math.floor(t / g.kernel[1]), t % g.kernel[1]];
  const [qy, qx] = [Math.floor(q / g.output[1]), q % g.output[1]];
  return [qy * g.stride[0] + ty * g.dilation[0] - g.padding[0], qx * g.stride[1] + tx * g.dilation[1] - g.padding[1]];
}

// 3×3 windows with padding 1 over 4×5 (a convolution's 'same'); stride 2, dilation 2 and a
// trailing window partly outside (6×7 → 2×3 output); a 1×3 kernel over a height-1 image (conv1d).
const SAME_3X3 = windowGeometry([3, 3], [1, 1], [1, 1], [1, 1], [4, 5]);
const STRIDED_DILATED = windowGeometry([2, 3], [2, 2], [2, 2], [0, 1], [2, 3]);
const ONE_D = windowGeometry([1, 3], [1, 2], [1, 1], [0, 1], [1, 3]);

const IM2COL = defineOp<WindowParams>({
  name: 'im2col',
  differentiable: true,
  domain: DOMAINS.real,
  exempt: { scalar: 'im2col takes [N, C, H, W] only' },
  op: (ts, p) => S.im2col(t0(ts), p.geometry, p.padValue),
  reference: (rs, p) => {
    const x = r0(rs);
    const [n, c, h, w] = x.shape as [number, number, number, number];
    const k = p.geometry.kernel[0] * p.geometry.kernel[1];
    const q = p.geometry.output[0] * p.geometry.output[1];
    return build([n, c, k, q], x.dtype, ([ni, ci, ti, qi]) => {
      const [iy, ix] = windowSource(p.geometry, ti!, qi!);
      return iy >= 0 && iy < h && ix >= 0 && ix < w ? at(x, [ni!, ci!, iy, ix]) : (p.padValue ?? 0);
    });
  },
  samples: (m) => [
    { description: '3×3 windows, padding 1, over [2, 2, 4, 5]', kinds: ['basic'], inputs: [m.dense([2, 2, 4, 5])], params: { geometry: SAME_3X3 } },
    { description: 'stride 2, dilation 2, trailing padding, pad value 2.5', kinds: ['basic'], inputs: [m.dense([1, 2, 6, 7])], params: { geometry: STRIDED_DILATED, padValue: 2.5 } },
    { description: '1×3 kernel over a height-1 image (conv1d)', kinds: ['basic'], inputs: [m.dense([2, 1, 1, 6])], params: { geometry: ONE_D } },
    { description: 'empty batch', kinds: ['empty'], inputs: [m.dense([0, 2, 4, 5])], params: { geometry: SAME_3X3 } },
    { description: 'transposed spatial dims', kinds: ['noncontiguous'], inputs: [m.transposed([1, 2, 4, 5])], params: { geometry: SAME_3X3 } },
  ],
});

const COL2IM = defineOp<WindowParams>({
  name: 'col2im',
  differentiable: true,
  domain: DOMAINS.real,
  tolerance: COMPOSITE,
  exempt: { scalar: 'col2im takes [N, C, K, Q] only' },
  op: (ts, p) => S.col2im(t0(ts), p.geometry, p.inputSize!),
  reference: (rs, p) => {
    const cols = r0(rs);
    const [n, c, k, q] = cols.shape as [number, number, number, number];
    const [h, w] = p.inputSize!;
    return build([n, c, h, w], cols.dtype, ([ni, ci, yi, xi]) => {
      let total = 0;
      for (let t = 0; t < k; t++) {
        for (let j = 0; j < q; j++) {
          const [iy, ix] = windowSource(p.geometry, t, j);
          if (iy === yi && ix === xi) total += at(cols, [ni!, ci!, t, j]);
        }
      }
      return total;
    });
  },
  samples: (m) => [
    { description: 'overlapping 3×3 windows back onto 4×5', kinds: ['basic'], inputs: [m.dense([2, 2, 9, 20])], params: { geometry: SAME_3X3, inputSize: [4, 5] } },
    { description: 'stride 2, dilation 2: some inputs read by no window', kinds: ['basic'], inputs: [m.dense([1, 2, 6, 6])], params: { geometry: STRIDED_DILATED, inputSize: [6, 7] } },
    { description: 'height-1 image (conv1d)', kinds: ['basic'], inputs: [m.dense([2, 1, 3, 3])], params: { geometry: ONE_D, inputSize: [1, 6] } },
    { description: 'empty batch', kinds: ['empty'], inputs: [m.dense([0, 2, 9, 20])], params: { geometry: SAME_3X3, inputSize: [4, 5] } },
    { description: 'transposed cols', kinds: ['noncontiguous'], inputs: [m.transposed([1, 2, 9, 20])], params: { geometry: SAME_3X3, inputSize: [4, 5] } },
  ],
});

interface SortParams {
  readonly axis?: number;
  readonly descending?: boolean;
}

function refSort(x: RefTensor, axis: number, descending: boolean): RefTensor[] {
  if (x.shape.length === 0) return [x, refOf([], 'int32', [0])];
  const values = refAlongAxis(x, axis, x.dtype, (line) => sortOrder(line, descending).map((i) => line[i]!));
  const indices = refAlongAxis(x, axis, 'int32', (line) => sortOrder(line, descending));
  return [values, indices];
}

const SORT = defineOp<SortParams>({
  name: 'sort',
  differentiable: true,
  domain: `${DOMAINS.real} (distinct, so the gradient is defined)`,
  tolerance: { float32: EXACT, float64: EXACT },
  op: (ts, p) => {
    const r = S.sort(t0(ts), p.axis, p.descending);
    return [r.values, r.indices];
  },
  reference: (rs, p) => refSort(r0(rs), p.axis ?? -1, p.descending ?? false),
  samples: (m) => [
    { description: '[3, 4] ascending along the last axis', kinds: ['basic'], inputs: [m.dense([3, 4])], params: {} },
    { description: '[3, 4] descending along axis 0', kinds: ['basic'], inputs: [m.dense([3, 4])], params: { axis: 0, descending: true } },
    { description: 'ties keep their order (stable)', kinds: ['basic'], inputs: [m.of([7], [2, 1, 2, 0, 1, 2, 0])], params: {}, gradcheck: 'ties' },
    { description: 'ties keep their order descending', kinds: ['basic'], inputs: [m.of([7], [2, 1, 2, 0, 1, 2, 0])], params: { descending: true }, gradcheck: 'ties' },
    { description: '0-d', kinds: ['scalar'], inputs: [m.dense([])], params: {} },
    { description: 'empty [3, 0]', kinds: ['empty'], inputs: [m.dense([3, 0])], params: {} },
    { description: 'empty [0, 3] along axis 0', kinds: ['empty'], inputs: [m.dense([0, 3])], params: { axis: 0 } },
    { description: 'transposed [4, 3]', kinds: ['noncontiguous'], inputs: [m.transposed([4, 3])], params: {} },
    { description: 'flipped [2, 5] descending', kinds: ['noncontiguous'], inputs: [m.flipped([2, 5], [1])], params: { descending: true } },
  ],
});

interface TopkParams {
  readonly k: number;
  readonly axis?: number;
  readonly largest?: boolean;
}

const TOPK = defineOp<TopkParams>({
  name: 'topk',
  differentiable: true,
  domain: `${DOMAINS.real} (distinct: torch leaves the order of ties unspecified)`,
  tolerance: { float32: EXACT, float64: EXACT },
  op: (ts, p) => {
    const r = S.topk(t0(ts), p.k, p.axis, p.largest);
    return [r.values, r.indices];
  },
  reference: (rs, p) => {
    const x = r0(rs);
    if (x.shape.length === 0) return [x, refOf([], 'int32', [0])];
    const axis = (p.axis ?? -1) < 0 ? (p.axis ?? -1) + x.shape.length : (p.axis ?? -1);
    const [values, indices] = refSort(x, axis, p.largest ?? true);
    const len = p.k;
    return [refSlice(values!, axis, 0, len, 1), refSlice(indices!, axis, 0, len, 1)];
  },
  samples: (m) => [
    { description: 'top 2 of [3, 5]', kinds: ['basic'], inputs: [m.dense([3, 5])], params: { k: 2 } },
    { description: 'smallest 3 along axis 0 of [4, 3]', kinds: ['basic'], inputs: [m.dense([4, 3])], params: { k: 3, axis: 0, largest: false } },
    { description: 'k = 0 gives empty results', kinds: ['basic'], inputs: [m.dense([2, 4])], params: { k: 0 } },
    { description: 'k = the whole axis', kinds: ['basic'], inputs: [m.dense([4])], params: { k: 4 } },
    { description: '0-d with k = 1', kinds: ['scalar'], inputs: [m.dense([])], params: { k: 1 } },
    { description: 'empty [0, 4] with k = 2', kinds: ['empty'], inputs: [m.dense([0, 4])], params: { k: 2 } },
    { description: 'transposed [3, 4]', kinds: ['noncontiguous'], inputs: [m.transposed([3, 4])], params: { k: 2 } },
  ],
});

// ── movement ───────────────────────────────────────────────────────────────────────────────────

/** Entry for a movement op: exact, differentiable, with the given samples. */
function movementOp<P>(
  name: string,
  op: (inputs: readonly Tensor[], p: P) => OpOutput,
  reference: (inputs: readonly RefTensor[], p: P) => RefResult,
  samples: (m: Maker) => SampleSpec<P>[],
  extra: Partial<OpSpec<P>> = {},
): OpInfo {
  return defineOp<P>({
    name,
    differentiable: true,
    domain: DOMAINS.real,
    tolerance: { float32: EXACT, float64: EXACT },
    op,
    reference,
    samples,
    ...extra,
  });
}

function resolveShape(shape: readonly number[], size: number): number[] {
  const known = shape.reduce((p, d) => (d === -1 ? p : p * d), 1);
  return shape.map((d) => (d === -1 ? (known === 0 ? 0 : size / known) : d));
}

function refSqueeze(x: RefTensor, axis: number | readonly number[] | undefined): RefTensor {
  const axes = axis === undefined ? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : axesOf(axis, x.shape.length);
  return refReshape(x, x.shape.filter((_, i) => !axes.includes(i)));
}

function pyBounds(length: number, start: number, end: number | undefined, step: number): [number, number] {
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + length : v, 0), length);
  const from = clamp(start);
  const to = end === undefined ? length : clamp(end);
  return [from, Math.max(0, Math.ceil((to - from) / step))];
}

const INT_OUT = 'an integer or bool result carries no gradient';

const MOVEMENT: OpInfo[] = [
  movementOp<{ readonly shape: readonly number[] }>(
    'reshape',
    (ts, p) => S.reshape(t0(ts), p.shape),
    (rs, p) => refReshape(r0(rs), resolveShape(p.shape, sizeOfShape(r0(rs).shape))),
    (m) => [
      { description: '[3, 4] → [2, 6]', kinds: ['basic'], inputs: [m.dense([3, 4])], params: { shape: [2, 6] } },
      { description: '[3, 4] → [-1]', kinds: ['basic'], inputs: [m.dense([3, 4])], params: { shape: [-1] } },
      { description: '[2, 3, 2] → [4, -1]', kinds: ['basic'], inputs: [m.dense([2, 3, 2])], params: { shape: [4, -1] } },
      { description: '0-d → [1, 1]', kinds: ['scalar'], inputs: [m.dense([])], params: { shape: [1, 1] } },
      { description: '[1, 1] → 0-d', kinds: ['basic'], inputs: [m.dense([1, 1])], params: { shape: [] } },
      { description: 'empty [0, 3] → [3, 0]', kinds: ['empty'], inputs: [m.dense([0, 3])], params: { shape: [3, 0] } },
      { description: 'empty [0, 3] → [-1, 3]', kinds: ['empty'], inputs: [m.dense([0, 3])], params: { shape: [-1, 3] } },
      { description: 'transposed [4, 3] → [12] (copies)', kinds: ['noncontiguous'], inputs: [m.transposed([4, 3])], params: { shape: [12] } },
      { description: 'step-2 slice [2, 3] → [3, 2]', kinds: ['noncontiguous'], inputs: [m.stepped([2, 3], 1, 2)], params: { shape: [3, 2] } },
    ],
  ),
  movementOp<{ readonly axes?: readonly [number, number] }>(
    'transpose',
    (ts, p) => (p.axes === undefined ? S.transpose(t0(ts)) : S.transpose(t0(ts), p.axes[0], p.axes[1])),
    (rs, p) => (p.axes === undefined ? refTranspose(r0(rs)) : refTranspose(r0(rs), p.axes[0], p.axes[1])),
    (m) => [
      { description: '[3, 4]', kinds: ['basic'], inputs: [m.dense([3, 4])], params: {} },
      { description: '[2, 3, 4] swapping axes 0 and 2', kinds: ['basic'], inputs: [m.dense([2, 3, 4])], params: { axes: [0, 2] } },
      { description: '[2, 3, 4] swapping axes -1 and 1', kinds: ['basic'], inputs: [m.dense([2, 3, 4])], params: { axes: [-1, 1] } },
      { description: '1-D is returned as is', kinds: ['basic'], inputs: [m.dense([3])], params: {} },
      { description: '0-d is returned as is', kinds: ['scalar'], inputs: [m.dense([])], params: {} },
      { description: 'empty [0, 3]', kinds: ['empty'], inputs: [m.dense([0, 3])], params: {} },
      { description: 'flipped [3, 2]', kinds: ['noncontiguous'], inputs: [m.flipped([3, 2], [0])], params: {} },
    ],
  ),
  movementOp<{ readonly axes: readonly number[] }>(
    'permute',
    (ts, p) => S.permute(t0(ts), p.axes),
    (rs, p) => refPermute(r0(rs), p.axes.map((a) => (a < 0 ? a + r0(rs).shape.length : a))),
    (m) => [
      { description: '[2, 3, 4] by [2, 0, 1]', kinds: ['basic'], inputs: [m.dense([2, 3, 4])], params: { axes: [2, 0, 1] } },
      { description: '[2, 3, 4] by [-1, -3, -2]', kinds: ['basic'], inputs: [m.dense([2, 3, 4])], params: { axes: [-1, -3, -2] } },
      { description: '0-d by []', kinds: ['scalar'], inputs: [m.dense([])], params: { axes: [] } },
      { description: 'empty [2, 0, 3] by [1, 2, 0]', kinds: ['empty'], inputs: [m.dense([2, 0, 3])], params: { axes: [1, 2, 0] } },
      { description: 'transposed [4, 3] by [1, 0]', kinds: ['noncontiguous'], inputs: [m.transposed([4, 3])], params: { axes: [1, 0] } },
    ],
  ),
  ...(['expand', 'broadcastTo'] as const).map((name) =>
    movementOp<{ readonly shape: readonly number[] }>(
      name,
      (ts, p) => (name === 'expand' ? S.expand(t0(ts), p.shape) : S.broadcastTo(t0(ts), p.shape)),
      (rs, p) => {
        const x = r0(rs);
        const lead = p.shape.length - x.shape.length;
        return refExpand(x, p.shape.map((d, i) => (d === -1 ? x.shape[i - lead]! : d)));
      },
      (m) => [
        { description: '[3, 1] → [3, 4]', kinds: ['basic'], inputs: [m.dense([3, 1])], params: { shape: [3, 4] } },
        { description: '[4] → [2, 4] (new leading axis)', kinds: ['basic'], inputs: [m.dense([4])], params: { shape: [2, 4] } },
        { description: '[3, 1] → [2, -1, 2]', kinds: ['basic'], inputs: [m.dense([3, 1])], params: { shape: [2, -1, 2] } },
        { description: '0-d → [2, 3]', kinds: ['scalar'], inputs: [m.dense([])], params: { shape: [2, 3] } },
        { description: 'empty [0, 1] → [0, 3]', kinds: ['empty'], inputs: [m.dense([0, 1])], params: { shape: [0, 3] } },
        { description: '[1, 3] → [0, 3] (to empty)', kinds: ['basic'], inputs: [m.dense([1, 3])], params: { shape: [0, 3] } },
        { description: 'step-2 slice [3, 1] → [3, 2]', kinds: ['noncontiguous'], inputs: [m.stepped([3, 1], 0, 2)], params: { shape: [3, 2] } },
      ],
    ),
  ),
  movementOp<{ readonly shape: readonly number[] }>(
    'sumTo',
    (ts, p) => S.sumTo(t0(ts), p.shape),
    (rs, p) => {
      const g = r0(rs);
      const lead = g.shape.length - p.shape.length;
      const axes = g.shape.flatMap((d, i) => (i < lead || (p.shape[i - lead] === 1 && d !== 1) ? [i] : []));
      return refReshape(refReduce(g, axes, false, g.dtype, sumOf), p.shape);
    },
    (m) => [
      { description: '[3, 4] → [4]', kinds: ['basic'], inputs: [m.dense([3, 4])], params: { shape: [4] } },
      { description: '[3, 4] → [3, 1]', kinds: ['basic'], inputs: [m.dense([3, 4])], params: { shape: [3, 1] } },
      { description: '[2, 3] → 0-d', kinds: ['basic'], inputs: [m.dense([2, 3])], params: { shape: [] } },
      { description: '0-d → 0-d', kinds: ['scalar'], inputs: [m.dense([])], params: { shape: [] } },
      { description: 'empty [0, 3] → [3]', kinds: ['empty'], inputs: [m.dense([0, 3])], params: { shape: [3] } },
      { description: 'transposed [4, 3] → [1, 3]', kinds: ['noncontiguous'], inputs: [m.transposed([4, 3])], params: { shape: [1, 3] } },
    ],
    { tolerance: COMPOSITE },
  ),
  movementOp<{ readonly axis?: number | readonly number[] }>(
    'squeeze',
    (ts, p) => S.squeeze(t0(ts), p.axis),
    (rs, p) => refSqueeze(r0(rs), p.axis),
    (m) => [
      { description: '[1, 3, 1] all size-1 axes', kinds: ['basic'], inputs: [m.dense([1, 3, 1])], params: {} },
      { description: '[1, 3, 1] axis -1', kinds: ['basic'], inputs: [m.dense([1, 3, 1])], params: { axis: -1 } },
      { description: '[1, 3, 1] axes [0, 2]', kinds: ['basic'], inputs: [m.dense([1, 3, 1])], params: { axis: [0, 2] } },
      { description: '0-d', kinds: ['scalar'], inputs: [m.dense([])], params: {} },
      { description: 'empty [0, 1]', kinds: ['empty'], inputs: [m.dense([0, 1])], params: {} },
      { description: 'expanded [1, 3] → [2, 1, 3]... squeezed at 1', kinds: ['noncontiguous'], inputs: [m.expanded([2, 1, 3], [1, 1, 3])], params: { axis: 1 } },
    ],
  ),
  movementOp<{ readonly axis: number }>(
    'unsqueeze',
    (ts, p) => S.unsqueeze(t0(ts), p.axis),
    (rs, p) => {
      const x = r0(rs);
      const at2 = p.axis < 0 ? p.axis + x.shape.length + 1 : p.axis;
      const shape = [...x.shape];
      shape.splice(at2, 0, 1);
      return refReshape(x, shape);
    },
    (m) => [
      { description: '[3, 4] at 0', kinds: ['basic'], inputs: [m.dense([3, 4])], params: { axis: 0 } },
      { description: '[3, 4] at -1', kinds: ['basic'], inputs: [m.dense([3, 4])], params: { axis: -1 } },
      { description: '[3, 4] at 1', kinds: ['basic'], inputs: [m.dense([3, 4])], params: { axis: 1 } },
      { description: '0-d at 0', kinds: ['scalar'], inputs: [m.dense([])], params: { axis: 0 } },
      { description: 'empty [0] at 1', kinds: ['empty'], inputs: [m.dense([0])], params: { axis: 1 } },
      { description: 'transposed [4, 3] at 1', kinds: ['noncontiguous'], inputs: [m.transposed([4, 3])], params: { axis: 1 } },
    ],
  ),
  movementOp<{ readonly start?: number; readonly end?: number }>(
    'flatten',
    (ts, p) => S.flatten(t0(ts), p.start, p.end),
    (rs, p) => {
      const x = r0(rs);
      if (x.shape.length === 0) return refReshape(x, [1]);
      const r = x.shape.length;
      const s = (p.start ?? 0) < 0 ? (p.start ?? 0) + r : (p.start ?? 0);
      const e = (p.end ?? -1) < 0 ? (p.end ?? -1) + r : (p.end ?? -1);
      return refReshape(x, [...x.shape.slice(0, s), sizeOfShape(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
    },
    (m) => [
      { description: '[2, 3, 2] entirely', kinds: ['basic'], inputs: [m.dense([2, 3, 2])], params: {} },
      { description: '[2, 3, 2] from axis 1', kinds: ['basic'], inputs: [m.dense([2, 3, 2])], params: { start: 1 } },
      { description: '[2, 3, 2, 1] axes 0..-2', kinds: ['basic'], inputs: [m.dense([2, 3, 2, 1])], params: { start: 0, end: -2 } },
      { description: '0-d gives [1]', kinds: ['scalar'], inputs: [m.dense([])], params: {} },
      { description: 'empty [2, 0, 3]', kinds: ['empty'], inputs: [m.dense([2, 0, 3])], params: {} },
      { description: 'transposed [4, 3]', kinds: ['noncontiguous'], inputs: [m.transposed([4, 3])], params: {} },
    ],
  ),
  movementOp<{ readonly axis: number; readonly start: number; readonly length: number }>(
    'narrow',
    (ts, p) => S.narrow(t0(ts), p.axis, p.start, p.length),
    (rs, p) => {
      const x = r0(rs);
      const a = p.axis < 0 ? p.axis + x.shape.length : p.axis;
      const from = p.start < 0 ? p.start + x.shape[a]! : p.start;
      return refSlice(x, a, from, p.length, 1);
    },
    (m) => [
      { description: '[4, 5] axis 1 from 1 length 3', kinds: ['basic'], inputs: [m.dense([4, 5])], params: { axis: 1, start: 1, length: 3 } },
      { description: '[4, 5] axis 0 from -2 length 2', kinds: ['basic'], inputs: [m.dense([4, 5])], params: { axis: 0, start: -2, length: 2 } },
      { description: 'length 0', kinds: ['basic'], inputs: [m.dense([4, 5])], params: { axis: -1, start: 2, length: 0 } },
      { description: 'empty [0, 3] axis 1', kinds: ['empty'], inputs: [m.dense([0, 3])], params: { axis: 1, start: 1, length: 2 } },
      { description: 'transposed [4, 3] axis 0', kinds: ['noncontiguous'], inputs: [m.transposed([4, 3])], params: { axis: 0, start: 1, length: 2 } },
    ],
    { exempt: { scalar: 'narrow takes an axis, and a 0-d tensor has none' } },
  ),
  movementOp<{ readonly axis: number; readonly start: number; readonly end?: number; readonly step?: number }>(
    'slice',
    (ts, p) => S.slice(t0(ts), p.axis, p.start, p.end, p.step),
    (rs, p) => {
      const x = r0(rs);
      const a = p.axis < 0 ? p.axis + x.shape.length : p.axis;
      const step = p.step ?? 1;
      const [from, count] = pyBounds(x.shape[a]!, p.start, p.end, step);
      return refSlice(x, a, from, count, step);
    },
    (m) => [
      { description: '[10] 2:8:3', kinds: ['basic'], inputs: [m.dense([10])], params: { axis: 0, start: 2, end: 8, step: 3 } },
      { description: '[4, 5] axis 1 from -3', kinds: ['basic'], inputs: [m.dense([4, 5])], params: { axis: 1, start: -3 } },
      { description: '[4, 5] axis 0 1:100 (end clamped)', kinds: ['basic'], inputs: [m.dense([4, 5])], params: { axis: 0, start: 1, end: 100 } },
      { description: '[4, 5] axis 1 3:1 (empty)', kinds: ['basic'], inputs: [m.dense([4, 5])], params: { axis: 1, start: 3, end: 1 } },
      { description: '[6] -100:4:2 (start clamped)', kinds: ['basic'], inputs: [m.dense([6])], params: { axis: 0, start: -100, end: 4, step: 2 } },
      { description: 'empty [0, 4] axis 1 0:4:2', kinds: ['empty'], inputs: [m.dense([0, 4])], params: { axis: 1, start: 0, end: 4, step: 2 } },
      { description: 'flipped [3, 5] axis 1 ::2', kinds: ['noncontiguous'], inputs: [m.flipped([3, 5], [1])], params: { axis: 1, start: 0, step: 2 } },
    ],
    { exempt: { scalar: 'slice takes an axis, and a 0-d tensor has none' } },
  ),
  movementOp<{ readonly axis: number; readonly index: number }>(
    'select',
    (ts, p) => S.select(t0(ts), p.axis, p.index),
    (rs, p) => {
      const x = r0(rs);
      const a = p.axis < 0 ? p.axis + x.shape.length : p.axis;
      const i = p.index < 0 ? p.index + x.shape[a]! : p.index;
      return refSqueeze(refSlice(x, a, i, 1, 1), a);
    },
    (m) => [
      { description: '[3, 4] row 1', kinds: ['basic'], inputs: [m.dense([3, 4])], params: { axis: 0, index: 1 } },
      { description: '[3, 4] column -1', kinds: ['basic'], inputs: [m.dense([3, 4])], params: { axis: -1, index: -1 } },
      { description: '[3] element 2 gives 0-d', kinds: ['basic'], inputs: [m.dense([3])], params: { axis: 0, index: 2 } },
      { description: 'empty [2, 0] row 1', kinds: ['empty'], inputs: [m.dense([2, 0])], params: { axis: 0, index: 1 } },
      { description: 'transposed [4, 3] column 2', kinds: ['noncontiguous'], inputs: [m.transposed([4, 3])], params: { axis: 1, index: 2 } },
    ],
    { exempt: { scalar: 'select takes an axis, and a 0-d tensor has none' } },
  ),
  movementOp<{ readonly axes: number | readonly number[] }>(
    'flip',
    (ts, p) => S.flip(t0(ts), p.axes),
    (rs, p) => refFlip(r0(rs), axesOf(p.axes, r0(rs).shape.length)),
    (m) => [
      { description: '[3, 4] axis 0', kinds: ['basic'], inputs: [m.dense([3, 4])], params: { axes: 0 } },
      { description: '[2, 3, 2] axes [0, -1]', kinds: ['basic'], inputs: [m.dense([2, 3, 2])], params: { axes: [0, -1] } },
      { description: '0-d, no axes', kinds: ['scalar'], inputs: [m.dense([])], params: { axes: [] } },
      { description: 'empty [0, 3] axis 0', kinds: ['empty'], inputs: [m.dense([0, 3])], params: { axes: 0 } },
      { description: 'flipped [3, 4] flipped back', kinds: ['noncontiguous'], inputs: [m.flipped([3, 4], [1])], params: { axes: 1 } },
      { description: 'transposed [4, 3] axis 1', kinds: ['noncontiguous'], inputs: [m.transposed([4, 3])], params: { axes: 1 } },
    ],
  ),
  ...(['contiguous', 'clone'] as const).map((name) =>
    movementOp<null>(
      name,
      (ts) => (name === 'contiguous' ? S.contiguous(t0(ts)) : S.clone(t0(ts))),
      (rs) => r0(rs),
      (m) => [
        { description: '[3, 4]', kinds: ['basic'], inputs: [m.dense([3, 4])], params: null },
        { description: '0-d', kinds: ['scalar'], inputs: [m.dense([])], params: null },
        { description: 'empty [0, 3]', kinds: ['empty'], inputs: [m.dense([0, 3])], params: null },
        { description: 'transposed [4, 3]', kinds: ['noncontiguous'], inputs: [m.transposed([4, 3])], params: null },
        { description: 'expanded [1, 3] → [2, 3]', kinds: ['noncontiguous'], inputs: [m.expanded([2, 3], [1, 3])], params: null },
        { description: 'flipped [2, 3]', kinds: ['noncontiguous'], inputs: [m.flipped([2, 3], [0, 1])], params: null },
      ],
    ),
  ),
  movementOp<{ readonly dtype: DType }>(
    'cast',
    (ts, p) => S.cast(t0(ts), p.dtype),
    (rs, p) => refCast(r0(rs), p.dtype),
    (m) => {
      const other: FloatDType = m.dtype === 'float32' ? 'float64' : 'float32';
      const lowPrecision = 'a float32 result rounds away a 1e-6 finite-difference step';
      return [
        { description: 'to int32 truncates toward zero', kinds: ['basic'], inputs: [m.of([6], [1.7, -1.7, 2.5, -0.2, 0, 3])], params: { dtype: 'int32' }, gradcheck: INT_OUT },
        { description: 'to bool: non-zero is true', kinds: ['basic'], inputs: [m.dense([5], 'withZeros')], params: { dtype: 'bool' }, gradcheck: INT_OUT },
        {
          description: `to ${other}`,
          kinds: ['basic'],
          inputs: [m.dense([3, 4])],
          params: { dtype: other },
          ...(other === 'float32' ? { gradcheck: lowPrecision } : {}),
        },
        { description: 'to its own dtype', kinds: ['basic'], inputs: [m.dense([3])], params: { dtype: m.dtype } },
        { description: 'int32 to float', kinds: ['basic'], inputs: [m.ints([4], -5, 5)], params: { dtype: m.dtype } },
        { description: 'bool to float', kinds: ['basic'], inputs: [m.bools([4])], params: { dtype: m.dtype } },
        { description: '0-d to int32', kinds: ['scalar'], inputs: [m.dense([])], params: { dtype: 'int32' }, gradcheck: INT_OUT },
        { description: 'empty to int32', kinds: ['empty'], inputs: [m.dense([0, 2])], params: { dtype: 'int32' }, gradcheck: INT_OUT },
        { description: '0-d to its own dtype', kinds: ['scalar'], inputs: [m.dense([])], params: { dtype: m.dtype } },
        { description: `empty to ${other}`, kinds: ['empty'], inputs: [m.dense([0, 2])], params: { dtype: other } },
        {
          description: `transposed to ${other}`,
          kinds: ['noncontiguous'],
          inputs: [m.transposed([3, 2])],
          params: { dtype: other },
          ...(other === 'float32' ? { gradcheck: lowPrecision } : {}),
        },
        { description: 'flipped to int32', kinds: ['noncontiguous'], inputs: [m.flipped([4], [0])], params: { dtype: 'int32' }, gradcheck: INT_OUT },
        { description: 'flipped to its own dtype', kinds: ['noncontiguous'], inputs: [m.flipped([4], [0])], params: { dtype: m.dtype } },
      ];
    },
  ),
];

// ── joining and cutting ────────────────────────────────────────────────────────────────────────

function refConcat(parts: readonly RefTensor[], axis: number): RefTensor {
  const first = parts[0]!;
  const a = axis < 0 ? axis + first.shape.length : axis;
  const dtype = parts.map((p) => p.dtype).reduce<DType>((x, y) => promote(x, y), 'bool');
  const shape = [...first.shape];
  shape[a] = sumOf(parts.map((p) => p.shape[a]!));
  return build(shape, dtype, (idx) => {
    let k = idx[a]!;
    for (const p of parts) {
      if (k < p.shape[a]!) {
        const src = [...idx];
        src[a] = k;
        return at(p, src);
      }
      k -= p.shape[a]!;
    }
    throw new Error('refConcat: index out of range');
  });
}

const JOINING: OpInfo[] = [
  defineOp<{ readonly axis?: number }>({
    name: 'concat',
    differentiable: true,
    domain: DOMAINS.real,
    multiInput: true,
    tolerance: { float32: EXACT, float64: EXACT },
    exempt: {
      scalar: 'concat refuses 0-d tensors (they have no axis), as torch.cat does',
      broadcast: NOT_BROADCAST('concat', 'sizes off the axis must match exactly'),
    },
    op: (ts, p) => (p.axis === undefined ? S.concat(ts) : S.concat(ts, p.axis)),
    reference: (rs, p) => refConcat(rs, p.axis ?? 0),
    samples: (m) => [
      { description: '[2, 3] and [1, 3] along axis 0', kinds: ['basic'], inputs: [m.dense([2, 3]), m.dense([1, 3])], params: {} },
      { description: 'three along axis -1', kinds: ['basic'], inputs: [m.dense([2, 1]), m.dense([2, 3]), m.dense([2, 2])], params: { axis: -1 } },
      { description: 'one tensor', kinds: ['basic'], inputs: [m.dense([3])], params: {} },
      { description: 'int32 and float promote', kinds: ['basic'], inputs: [m.ints([2], 0, 5), m.dense([3])], params: {} },
      { description: 'with an empty piece [0, 3]', kinds: ['empty'], inputs: [m.dense([2, 3]), m.dense([0, 3])], params: { axis: 0 } },
      { description: 'all empty', kinds: ['empty'], inputs: [m.dense([0, 2]), m.dense([0, 2])], params: { axis: 0 } },
      { description: 'transposed and flipped pieces', kinds: ['noncontiguous'], inputs: [m.transposed([2, 3]), m.flipped([2, 2], [1])], params: { axis: 1 } },
    ],
  }),
  defineOp<{ readonly axis?: number }>({
    name: 'stack',
    differentiable: true,
    domain: DOMAINS.real,
    multiInput: true,
    tolerance: { float32: EXACT, float64: EXACT },
    exempt: { broadcast: NOT_BROADCAST('stack', 'all shapes must match') },
    op: (ts, p) => (p.axis === undefined ? S.stack(ts) : S.stack(ts, p.axis)),
    reference: (rs, p) => {
      const r = rs[0]!.shape.length + 1;
      const a = (p.axis ?? 0) < 0 ? (p.axis ?? 0) + r : (p.axis ?? 0);
      return refConcat(
        rs.map((x) => {
          const shape = [...x.shape];
          shape.splice(a, 0, 1);
          return refReshape(x, shape);
        }),
        a,
      );
    },
    samples: (m) => [
      { description: 'two [3] along 0', kinds: ['basic'], inputs: [m.dense([3]), m.dense([3])], params: {} },
      { description: 'three [2, 2] along -1', kinds: ['basic'], inputs: [m.dense([2, 2]), m.dense([2, 2]), m.dense([2, 2])], params: { axis: -1 } },
      { description: 'three 0-d', kinds: ['scalar'], inputs: [m.dense([]), m.dense([]), m.dense([])], params: {} },
      { description: 'two empty [0]', kinds: ['empty'], inputs: [m.dense([0]), m.dense([0])], params: { axis: 1 } },
      { description: 'transposed and expanded [3, 2]', kinds: ['noncontiguous'], inputs: [m.transposed([3, 2]), m.expanded([3, 2], [1, 2])], params: { axis: 1 } },
    ],
  }),
  defineOp<{ readonly size: number | readonly number[]; readonly axis?: number }>({
    name: 'split',
    differentiable: true,
    domain: DOMAINS.real,
    tolerance: { float32: EXACT, float64: EXACT },
    exempt: { scalar: 'split takes an axis, and a 0-d tensor has none' },
    op: (ts, p) => S.split(t0(ts), p.size, p.axis),
    reference: (rs, p) => {
      const x = r0(rs);
      const a = (p.axis ?? 0) < 0 ? (p.axis ?? 0) + x.shape.length : (p.axis ?? 0);
      const length = x.shape[a]!;
      let sizes: number[];
      if (typeof p.size === 'number') {
        // torch.split: ceil(length / size) pieces, and at least one (an empty axis gives one empty piece).
        const count = Math.max(1, Math.ceil(length / p.size));
        sizes = Array.from({ length: count }, (_, i) => Math.max(0, Math.min(p.size as number, length - i * (p.size as number))));
      } else sizes = [...p.size];
      let start = 0;
      return sizes.map((s) => {
        const piece = refSlice(x, a, start, s, 1);
        start += s;
        return piece;
      });
    },
    samples: (m) => [
      { description: '[5] into pieces of 2', kinds: ['basic'], inputs: [m.dense([5])], params: { size: 2 } },
      { description: '[2, 6] into sizes [1, 3, 2] along axis 1', kinds: ['basic'], inputs: [m.dense([2, 6])], params: { size: [1, 3, 2], axis: 1 } },
      { description: '[4, 2] with a zero-size piece', kinds: ['basic'], inputs: [m.dense([4, 2])], params: { size: [0, 4], axis: 0 } },
      { description: 'empty [0, 3] into pieces of 2 gives one empty piece (torch.split)', kinds: ['empty'], inputs: [m.dense([0, 3])], params: { size: 2 } },
      { description: 'empty [2, 0] into sizes [0] along axis 1', kinds: ['empty'], inputs: [m.dense([2, 0])], params: { size: [0], axis: 1 } },
      { description: 'transposed [4, 3] into pieces of 3', kinds: ['noncontiguous'], inputs: [m.transposed([4, 3])], params: { size: 3, axis: 0 } },
    ],
  }),
  defineOp<{ readonly pads: readonly (readonly [number, number])[]; readonly value?: number }>({
    name: 'pad',
    differentiable: true,
    domain: DOMAINS.real,
    tolerance: { float32: EXACT, float64: EXACT },
    op: (ts, p) => (p.value === undefined ? S.pad(t0(ts), p.pads) : S.pad(t0(ts), p.pads, p.value)),
    reference: (rs, p) => {
      const x = r0(rs);
      const shape = x.shape.map((d, i) => d + p.pads[i]![0] + p.pads[i]![1]);
      return build(shape, x.dtype, (idx) => {
        const src = idx.map((v, i) => v - p.pads[i]![0]);
        return src.every((v, i) => v >= 0 && v < x.shape[i]!) ? at(x, src) : (p.value ?? 0);
      });
    },
    samples: (m) => [
      { description: '[2, 2] by [[0, 0], [1, 1]]', kinds: ['basic'], inputs: [m.dense([2, 2])], params: { pads: [[0, 0], [1, 1]] } },
      { description: '[2, 3] by [[2, 1], [0, 3]] with value -1.5', kinds: ['basic'], inputs: [m.dense([2, 3])], params: { pads: [[2, 1], [0, 3]], value: -1.5 } },
      { description: '0-d by []', kinds: ['scalar'], inputs: [m.dense([])], params: { pads: [] } },
      { description: 'empty [0, 2] by [[1, 1], [0, 0]] with value 7', kinds: ['empty'], inputs: [m.dense([0, 2])], params: { pads: [[1, 1], [0, 0]], value: 7 } },
      { description: 'transposed [3, 2] by [[1, 0], [0, 2]]', kinds: ['noncontiguous'], inputs: [m.transposed([3, 2])], params: { pads: [[1, 0], [0, 2]] } },
      { description: 'int32 with value 2.7 truncates', kinds: ['basic'], inputs: [m.ints([2], 0, 5)], params: { pads: [[1, 1]], value: 2.7 } },
    ],
  }),
];

// ── creation ───────────────────────────────────────────────────────────────────────────────────

interface LikeParams {
  readonly value?: number;
  readonly dtype?: DType;
}

function likeOp(name: 'zerosLike' | 'onesLike' | 'fullLike', value: number | null): OpInfo {
  return defineOp<LikeParams>({
    name,
    differentiable: false,
    domain: DOMAINS.real,
    tolerance: { float32: EXACT, float64: EXACT },
    op: (ts, p) => {
      const options = p.dtype === undefined ? {} : { dtype: p.dtype };
      if (name === 'fullLike') return S.fullLike(t0(ts), p.value ?? 0, options);
      return name === 'zerosLike' ? S.zerosLike(t0(ts), options) : S.onesLike(t0(ts), options);
    },
    reference: (rs, p) => build(r0(rs).shape, p.dtype ?? r0(rs).dtype, () => value ?? p.value ?? 0),
    samples: (m) => [
      { description: '[2, 3]', kinds: ['basic'], inputs: [m.dense([2, 3])], params: { value: 2.5 } },
      { description: '[2, 3] as int32', kinds: ['basic'], inputs: [m.dense([2, 3])], params: { value: -3, dtype: 'int32' } },
      { description: '0-d', kinds: ['scalar'], inputs: [m.dense([])], params: { value: 0.25 } },
      { description: 'empty', kinds: ['empty'], inputs: [m.dense([0, 2])], params: { value: 1 } },
      { description: 'transposed [3, 2]', kinds: ['noncontiguous'], inputs: [m.transposed([3, 2])], params: { value: NaN } },
    ],
  });
}

const NO_0D = (op: string): string => `${op} always returns a 1-D or 2-D tensor`;
const CREATION_TOL = { float32: EXACT, float64: EXACT };

/** Philox blocks a draw consumes (the contract's randomBlocksUsed, written out). */
function blocksUsed(normal: boolean, dtype: FloatDType, size: number): number {
  const uniforms = normal ? size + (size % 2) : size;
  return Math.ceil((dtype === 'float64' ? 2 * uniforms : uniforms) / 4);
}

interface RandomParams {
  readonly shape: readonly number[];
  readonly seed: number;
  readonly dtype?: FloatDType;
  /** Draws of the same kind taken first from the generator, to test that the counter advances. */
  readonly before?: number;
}

function randomOp(name: 'rand' | 'randn'): OpInfo {
  const normal = name === 'randn';
  return defineOp<RandomParams>({
    name,
    differentiable: false,
    random: true,
    takesTensor: false,
    domain: `${normal ? 'N(0, 1)' : 'U[0, 1)'} draws from a seeded Philox generator`,
    tolerance: { float32: EXACT, float64: normal ? { rtol: 1e-14, atol: 1e-15 } : EXACT },
    op: (_ts, p) => {
      const generator = new S.Generator(p.seed);
      const options = p.dtype === undefined ? { generator } : { generator, dtype: p.dtype };
      const draw = normal ? S.randn : S.rand;
      if (p.before !== undefined) draw([p.before], options);
      return draw(p.shape, options);
    },
    reference: (_rs, p) => {
      const dtype = p.dtype ?? 'float32';
      const counter = p.before === undefined ? 0 : blocksUsed(normal, dtype, p.before);
      const size = sizeOfShape(p.shape);
      const values = normal ? refNormal(p.seed, counter, size, dtype) : refUniform(p.seed, counter, size, dtype);
      return refOf(p.shape, dtype, values);
    },
    samples: (m) => [
      { description: '[3, 4] float32 by default', kinds: ['basic'], inputs: [], params: { shape: [3, 4], seed: 1 } },
      { description: `[5] as ${m.dtype}, seed 2⁴⁰ + 3`, kinds: ['basic'], inputs: [], params: { shape: [5], seed: 2 ** 40 + 3, dtype: m.dtype } },
      { description: `[7] after 5 earlier draws, ${m.dtype}`, kinds: ['basic'], inputs: [], params: { shape: [7], seed: 9, dtype: m.dtype, before: 5 } },
      { description: '0-d', kinds: ['scalar'], inputs: [], params: { shape: [], seed: 3, dtype: m.dtype } },
      { description: 'empty [0, 4]', kinds: ['empty'], inputs: [], params: { shape: [0, 4], seed: 3, dtype: m.dtype } },
    ],
  });
}

interface RandintParams {
  readonly low: number;
  readonly high: number;
  readonly shape: readonly number[];
  readonly seed: number;
  readonly dtype?: DType;
}

const CREATION: OpInfo[] = [
  ...(['zeros', 'ones'] as const).map((name) =>
    defineOp<{ readonly shape: readonly number[]; readonly dtype?: DType }>({
      name,
      differentiable: false,
      takesTensor: false,
      domain: 'shapes',
      tolerance: CREATION_TOL,
      op: (_ts, p) => (name === 'zeros' ? S.zeros : S.ones)(p.shape, p.dtype === undefined ? {} : { dtype: p.dtype }),
      reference: (_rs, p) => build(p.shape, p.dtype ?? 'float32', () => (name === 'zeros' ? 0 : 1)),
      samples: (m) => [
        { description: '[2, 3] float32 by default', kinds: ['basic'], inputs: [], params: { shape: [2, 3] } },
        { description: `[4] as ${m.dtype}`, kinds: ['basic'], inputs: [], params: { shape: [4], dtype: m.dtype } },
        { description: '[2] as int32', kinds: ['basic'], inputs: [], params: { shape: [2], dtype: 'int32' } },
        { description: '[2] as bool', kinds: ['basic'], inputs: [], params: { shape: [2], dtype: 'bool' } },
        { description: '0-d', kinds: ['scalar'], inputs: [], params: { shape: [] } },
        { description: 'empty [0, 3]', kinds: ['empty'], inputs: [], params: { shape: [0, 3], dtype: m.dtype } },
      ],
    }),
  ),
  defineOp<{ readonly shape: readonly number[]; readonly value: number | boolean; readonly dtype?: DType }>({
    name: 'full',
    differentiable: false,
    takesTensor: false,
    domain: 'shapes and fill values',
    tolerance: CREATION_TOL,
    op: (_ts, p) => S.full(p.shape, p.value, p.dtype === undefined ? {} : { dtype: p.dtype }),
    reference: (_rs, p) => build(p.shape, p.dtype ?? (typeof p.value === 'boolean' ? 'bool' : 'float32'), () => Number(p.value)),
    samples: (m) => [
      { description: '[2, 3] of 7 (float32)', kinds: ['basic'], inputs: [], params: { shape: [2, 3], value: 7 } },
      { description: `[3] of 0.1 as ${m.dtype}`, kinds: ['basic'], inputs: [], params: { shape: [3], value: 0.1, dtype: m.dtype } },
      { description: '[2] of true is bool', kinds: ['basic'], inputs: [], params: { shape: [2], value: true } },
      { description: '[2] of -2.7 as int32 truncates', kinds: ['basic'], inputs: [], params: { shape: [2], value: -2.7, dtype: 'int32' } },
      { description: '[2] of NaN', kinds: ['basic'], inputs: [], params: { shape: [2], value: NaN, dtype: m.dtype } },
      { description: '0-d of -Inf', kinds: ['scalar'], inputs: [], params: { shape: [], value: -Infinity } },
      { description: 'empty [3, 0]', kinds: ['empty'], inputs: [], params: { shape: [3, 0], value: 1 } },
    ],
  }),
  defineOp<{ readonly args: readonly [number, number?, number?]; readonly dtype?: DType }>({
    name: 'arange',
    differentiable: false,
    takesTensor: false,
    domain: 'finite start, end, non-zero step',
    tolerance: { float32: { rtol: 1e-6, atol: 1e-6 }, float64: { rtol: 1e-14, atol: 1e-14 } },
    exempt: { scalar: NO_0D('arange') },
    op: (_ts, p) => S.arange(p.args[0], p.args[1], p.args[2], p.dtype === undefined ? {} : { dtype: p.dtype }),
    reference: (_rs, p) => {
      const [from, to] = p.args[1] === undefined ? [0, p.args[0]] : [p.args[0], p.args[1]];
      const step = p.args[2] ?? 1;
      const count = Math.max(0, Math.ceil((to - from) / step));
      const integral = [from, to, step].every((v) => Number.isInteger(v));
      return build([count], p.dtype ?? (integral ? 'int32' : 'float32'), ([i]) => from + i! * step);
    },
    samples: (m) => [
      { description: 'arange(5) is int32', kinds: ['basic'], inputs: [], params: { args: [5] } },
      { description: 'arange(2, 11, 3)', kinds: ['basic'], inputs: [], params: { args: [2, 11, 3] } },
      { description: 'arange(0, 1, 0.25) is float32', kinds: ['basic'], inputs: [], params: { args: [0, 1, 0.25] } },
      { description: 'arange(5, -1, -2)', kinds: ['basic'], inputs: [], params: { args: [5, -1, -2] } },
      { description: `arange(-1, 1, 0.3) as ${m.dtype}`, kinds: ['basic'], inputs: [], params: { args: [-1, 1, 0.3], dtype: m.dtype } },
      { description: 'arange(0) is empty', kinds: ['empty'], inputs: [], params: { args: [0] } },
      { description: 'arange(5, 2) is empty', kinds: ['empty'], inputs: [], params: { args: [5, 2] } },
    ],
  }),
  defineOp<{ readonly start: number; readonly end: number; readonly steps: number; readonly dtype?: DType }>({
    name: 'linspace',
    differentiable: false,
    takesTensor: false,
    domain: 'finite start and end, steps ≥ 0',
    tolerance: { float32: { rtol: 1e-6, atol: 1e-7 }, float64: { rtol: 1e-14, atol: 1e-15 } },
    exempt: { scalar: NO_0D('linspace') },
    op: (_ts, p) => S.linspace(p.start, p.end, p.steps, p.dtype === undefined ? {} : { dtype: p.dtype }),
    reference: (_rs, p) =>
      build([p.steps], p.dtype ?? 'float32', ([i]) => (p.steps === 1 ? p.start : p.start + ((p.end - p.start) * i!) / (p.steps - 1))),
    samples: (m) => [
      { description: 'linspace(0, 1, 5)', kinds: ['basic'], inputs: [], params: { start: 0, end: 1, steps: 5 } },
      { description: `linspace(-3, 7.5, 8) as ${m.dtype}`, kinds: ['basic'], inputs: [], params: { start: -3, end: 7.5, steps: 8, dtype: m.dtype } },
      { description: 'linspace(2, -2, 4) descending', kinds: ['basic'], inputs: [], params: { start: 2, end: -2, steps: 4 } },
      { description: 'linspace(3, 9, 1) is [3]', kinds: ['basic'], inputs: [], params: { start: 3, end: 9, steps: 1 } },
      { description: 'linspace(0, 1, 0) is empty', kinds: ['empty'], inputs: [], params: { start: 0, end: 1, steps: 0 } },
    ],
  }),
  defineOp<{ readonly n: number; readonly m?: number; readonly dtype?: DType }>({
    name: 'eye',
    differentiable: false,
    takesTensor: false,
    domain: 'sizes',
    tolerance: CREATION_TOL,
    exempt: { scalar: NO_0D('eye') },
    op: (_ts, p) => S.eye(p.n, p.m, p.dtype === undefined ? {} : { dtype: p.dtype }),
    reference: (_rs, p) => build([p.n, p.m ?? p.n], p.dtype ?? 'float32', ([i, j]) => (i === j ? 1 : 0)),
    samples: (m) => [
      { description: 'eye(3)', kinds: ['basic'], inputs: [], params: { n: 3 } },
      { description: `eye(2, 4) as ${m.dtype}`, kinds: ['basic'], inputs: [], params: { n: 2, m: 4, dtype: m.dtype } },
      { description: 'eye(4, 2) as int32', kinds: ['basic'], inputs: [], params: { n: 4, m: 2, dtype: 'int32' } },
      { description: 'eye(0)', kinds: ['empty'], inputs: [], params: { n: 0 } },
      { description: 'eye(2, 0)', kinds: ['empty'], inputs: [], params: { n: 2, m: 0 } },
    ],
  }),
  randomOp('rand'),
  randomOp('randn'),
  defineOp<RandintParams>({
    name: 'randint',
    differentiable: false,
    random: true,
    takesTensor: false,
    domain: 'integers in [low, high) from a seeded Philox generator',
    tolerance: CREATION_TOL,
    op: (_ts, p) => {
      const generator = new S.Generator(p.seed);
      return S.randint(p.low, p.high, p.shape, p.dtype === undefined ? { generator } : { generator, dtype: p.dtype });
    },
    reference: (_rs, p) => {
      const u = refUniform(p.seed, 0, sizeOfShape(p.shape), 'float64');
      return refOf(p.shape, p.dtype ?? 'int32', u.map((v) => Math.floor(p.low + v * (p.high - p.low))));
    },
    samples: (m) => [
      { description: '[3, 4] in [0, 10)', kinds: ['basic'], inputs: [], params: { low: 0, high: 10, shape: [3, 4], seed: 5 } },
      { description: `[6] in [-3, 3) as ${m.dtype}`, kinds: ['basic'], inputs: [], params: { low: -3, high: 3, shape: [6], seed: 6, dtype: m.dtype } },
      { description: '[4] in [-2³¹, 2³¹ − 1)', kinds: ['basic'], inputs: [], params: { low: -(2 ** 31), high: 2 ** 31 - 1, shape: [4], seed: 7 } },
      { description: '0-d in [5, 6) is 5', kinds: ['scalar'], inputs: [], params: { low: 5, high: 6, shape: [], seed: 8 } },
      { description: 'empty [0]', kinds: ['empty'], inputs: [], params: { low: 0, high: 2, shape: [0], seed: 8 } },
    ],
  }),
  defineOp<{ readonly data: S.NestedArray | Float32Array | Int32Array; readonly shape?: readonly number[]; readonly dtype?: DType }>({
    name: 'tensor',
    differentiable: false,
    takesTensor: false,
    domain: 'nested arrays, typed arrays, numbers, booleans',
    tolerance: CREATION_TOL,
    op: (_ts, p) => {
      const options = { ...(p.shape === undefined ? {} : { shape: p.shape }), ...(p.dtype === undefined ? {} : { dtype: p.dtype }) };
      return S.tensor(p.data, options);
    },
    reference: (_rs, p) => {
      const flat: number[] = [];
      let shape: number[] = [];
      let inferred: DType = 'float32';
      if (p.data instanceof Float32Array || p.data instanceof Int32Array) {
        flat.push(...p.data);
        shape = [p.data.length];
        inferred = p.data instanceof Float32Array ? 'float32' : 'int32';
      } else {
        const walk = (d: S.NestedArray, depth: number): void => {
          if (Array.isArray(d)) {
            if (shape.length === depth) shape.push(d.length);
            d.forEach((x) => walk(x, depth + 1));
          } else {
            if (typeof d === 'boolean') inferred = 'bool';
            flat.push(Number(d));
          }
        };
        walk(p.data, 0);
      }
      return refOf(p.shape ?? shape, p.dtype ?? inferred, flat);
    },
    samples: (m) => [
      { description: 'nested [[1, 2], [3, 4]] is float32', kinds: ['basic'], inputs: [], params: { data: [[1, 2], [3, 4]] } },
      { description: `nested 0.1s as ${m.dtype}`, kinds: ['basic'], inputs: [], params: { data: [[0.1], [0.2], [0.3]], dtype: m.dtype } },
      { description: 'booleans give bool', kinds: ['basic'], inputs: [], params: { data: [true, false, true] } },
      { description: 'Int32Array keeps int32', kinds: ['basic'], inputs: [], params: { data: new Int32Array([4, -5, 6]) } },
      { description: 'flat Float32Array laid out as [2, 2]', kinds: ['basic'], inputs: [], params: { data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] } },
      { description: 'floats to int32 truncate', kinds: ['basic'], inputs: [], params: { data: [1.9, -1.9], dtype: 'int32' } },
      { description: 'a number gives 0-d', kinds: ['scalar'], inputs: [], params: { data: 2.5 } },
      { description: '[] gives an empty [0]', kinds: ['empty'], inputs: [], params: { data: [] } },
      { description: '[[], []] gives [2, 0]', kinds: ['empty'], inputs: [], params: { data: [[], []] } },
    ],
  }),
];

/** Names of the elementwise unary entries (special-values.test.ts has a row for each). */
export const UNARY_OP_NAMES: readonly string[] = UNARY.map((o) => o.name);

// ── the registry ───────────────────────────────────────────────────────────────────────────────

export const OP_REGISTRY: readonly OpInfo[] = [
  ...UNARY,
  ...BINARY,
  ...REDUCTIONS,
  argOp('argmax', S.argmax),
  argOp('argmin', S.argmin),
  MATMUL,
  GATHER,
  INDEX_SELECT,
  SCATTER_ADD,
  ONE_HOT,
  softmaxOp('softmax', S.softmax, softmaxLine),
  softmaxOp('logSoftmax', S.logSoftmax, logSoftmaxLine),
  CUMSUM,
  IM2COL,
  COL2IM,
  SORT,
  TOPK,
  ...MOVEMENT,
  ...JOINING,
  likeOp('zerosLike', 0),
  likeOp('onesLike', 1),
  likeOp('fullLike', null),
  ...CREATION,
];

/** The public op each registry entry exercises ('gelu:tanh' → 'gelu'). */
export function publicName(entryName: string): string {
  return entryName.split(':')[0]!;
}

/** Looks an entry up by name. */
export function findOp(name: string): OpInfo {
  const info = OP_REGISTRY.find((o) => o.name === name);
  if (info === undefined) throw new Error(`op-registry: no entry named '${name}'`);
  return info;
}

/** A fresh input generator for an entry (seeded from its name, so runs are repeatable). */
export function rngFor(name: string, salt = 0): Rng {
  let h = 2166136261 ^ salt;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return new Rng(h >>> 0);
}

/** Outputs as a list (ops like sort and split return several). */
export function outputsOf(out: OpOutput): readonly Tensor[] {
  return Array.isArray(out) ? (out as readonly Tensor[]) : [out as Tensor];
}

export function refOutputsOf(out: RefResult): readonly RefTensor[] {
  return Array.isArray(out) ? (out as readonly RefTensor[]) : [out as RefTensor];
}

export { broadcastShape };
