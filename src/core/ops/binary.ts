/**
 * Elementwise primitives of two arguments with NumPy broadcasting, each with its gradient rule,
 * plus `where`. Gradients of broadcast operands are summed back to the operand's shape.
 *
 * dtypes: operands promote (bool < int32 < float32 < float64; plain numbers adopt the tensor's
 * dtype); arithmetic on bools is done in int32; `div` always gives floats (true division);
 * comparisons and logical ops give bool.
 */
import type { BinaryOp } from '../../backends/contract.js';
import { record } from '../autograd.js';
import { type DType, promoteTypes } from '../dtype.js';
import { broadcastShapes } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { zerosLike } from './creation.js';
import { cast, expand, sumTo } from './shape-ops.js';
import { onBackend, operands, wrap } from './operand.js';
import { log, neg } from './unary.js';

type Kind = 'arithmetic' | 'division' | 'comparison' | 'logical';

type PartialVjp = (g: Tensor, a: Tensor, b: Tensor, y: Tensor) => Tensor;

interface BinaryRule {
  readonly kind: Kind;
  /**
   * Gradients for a and for b from the output gradient g, the inputs and the output, before they
   * are summed back to the operands' shapes. Each runs only when its operand needs a gradient.
   */
  readonly vjp: readonly [PartialVjp, PartialVjp] | null;
}

const RULES: Record<BinaryOp, BinaryRule> = {
  add: { kind: 'arithmetic', vjp: [(g) => g, (g) => g] },
  sub: { kind: 'arithmetic', vjp: [(g) => g, (g) => neg(g)] },
  mul: { kind: 'arithmetic', vjp: [(g, _a, b) => mul(g, b), (g, a) => mul(g, a)] },
  // d(a/b)/da = 1/b, d(a/b)/db = −a/b² = −y/b.
  div: { kind: 'division', vjp: [(g, _a, b) => div(g, b), (g, _a, b, y) => neg(div(mul(g, y), b))] },
  pow: {
    kind: 'arithmetic',
    // d(aᵇ)/da = b·aᵇ⁻¹; d(aᵇ)/db = aᵇ·ln a, taken as 0 where a = 0 and b ≥ 0 (PyTorch's choice,
    // so that x**2 at x = 0 does not poison the exponent's gradient with NaN).
    vjp: [
      (g, a, b) => mul(g, mul(b, pow(a, sub(b, 1)))),
      (g, a, b, y) => mul(g, where(logicalAnd(eq(a, 0), ge(b, 0)), 0, mul(y, log(a)))),
    ],
  },
  // All of g goes to the larger operand; at ties it is split evenly, as PyTorch does.
  maximum: { kind: 'arithmetic', vjp: [(g, a, b) => shareOfWinner(g, a, b), (g, a, b) => shareOfWinner(g, b, a)] },
  minimum: { kind: 'arithmetic', vjp: [(g, a, b) => shareOfWinner(g, b, a), (g, a, b) => shareOfWinner(g, a, b)] },
  eq: { kind: 'comparison', vjp: null },
  ne: { kind: 'comparison', vjp: null },
  lt: { kind: 'comparison', vjp: null },
  le: { kind: 'comparison', vjp: null },
  gt: { kind: 'comparison', vjp: null },
  ge: { kind: 'comparison', vjp: null },
  logicalAnd: { kind: 'logical', vjp: null },
  logicalOr: { kind: 'logical', vjp: null },
};

/** The part of g that `mine` receives in max(mine, other): all where larger, half on ties. */
function shareOfWinner(g: Tensor, mine: Tensor, other: Tensor): Tensor {
  return where(gt(mine, other), g, where(eq(mine, other), mul(g, 0.5), 0));
}

function resultDType(kind: Kind, a: DType, b: DType): { compute: DType; result: DType } {
  const promoted = promoteTypes(a, b);
  switch (kind) {
    case 'arithmetic': {
      const t = promoted === 'bool' ? 'int32' : promoted;
      return { compute: t, result: t };
    }
    case 'division': {
      const t = promoted === 'float64' ? 'float64' : 'float32';
      return { compute: t, result: t };
    }
    case 'comparison':
      return { compute: promoted, result: 'bool' };
    case 'logical':
      return { compute: promoted, result: 'bool' };
  }
}

function binary(op: BinaryOp, left: TensorLike, right: TensorLike): Tensor {
  const [a, b] = operands(op, [left, right], ['a', 'b']) as [Tensor, Tensor];
  const shape = broadcastShapes(op, a.shape, b.shape);
  const { compute, result } = resultDType(RULES[op].kind, a.dtype, b.dtype);
  const backend = a.backend;
  const av = expand(cast(a.detach(), compute), shape).view();
  const bv = expand(cast(b.detach(), compute), shape).view();
  const y = wrap(backend, backend.binary(op, av, bv, result), shape);
  const vjp = RULES[op].vjp;
  if (vjp === null) return y;
  const [vjpA, vjpB] = vjp;
  return record(op, y, [a, b], (g) => [
    a.requiresGrad ? sumTo(vjpA(g, a, b, y), a.shape) : null,
    b.requiresGrad ? sumTo(vjpB(g, a, b, y), b.shape) : null,
  ]);
}

/** a + b, broadcasting. @example add(tensor([1, 2]), 1) // [2, 3] */
export function add(a: TensorLike, b: TensorLike): Tensor { return binary('add', a, b); }
/** a − b, broadcasting. */
export function sub(a: TensorLike, b: TensorLike): Tensor { return binary('sub', a, b); }
/** a · b elementwise, broadcasting. */
export function mul(a: TensorLike, b: TensorLike): Tensor { return binary('mul', a, b); }
/** a / b, true division (integers give float32). */
export function div(a: TensorLike, b: TensorLike): Tensor { return binary('div', a, b); }
/** aᵇ elementwise. */
export function pow(a: TensorLike, b: TensorLike): Tensor { return binary('pow', a, b); }
/** Elementwise larger of a and b; NaN if either is NaN. */
export function maximum(a: TensorLike, b: TensorLike): Tensor { return binary('maximum', a, b); }
/** Elementwise smaller of a and b; NaN if either is NaN. */
export function minimum(a: TensorLike, b: TensorLike): Tensor { return binary('minimum', a, b); }
/** a == b (bool). NaN equals nothing. */
export function eq(a: TensorLike, b: TensorLike): Tensor { return binary('eq', a, b); }
/** a != b (bool). */
export function ne(a: TensorLike, b: TensorLike): Tensor { return binary('ne', a, b); }
/** a < b (bool). */
export function lt(a: TensorLike, b: TensorLike): Tensor { return binary('lt', a, b); }
/** a ≤ b (bool). */
export function le(a: TensorLike, b: TensorLike): Tensor { return binary('le', a, b); }
/** a > b (bool). */
export function gt(a: TensorLike, b: TensorLike): Tensor { return binary('gt', a, b); }
/** a ≥ b (bool). */
export function ge(a: TensorLike, b: TensorLike): Tensor { return binary('ge', a, b); }
/** Elementwise AND of truth values (bool). */
export function logicalAnd(a: TensorLike, b: TensorLike): Tensor { return binary('logicalAnd', a, b); }
/** Elementwise OR of truth values (bool). */
export function logicalOr(a: TensorLike, b: TensorLike): Tensor { return binary('logicalOr', a, b); }

/**
 * `cond ? a : b` elementwise, broadcasting all three. `cond` is read as truth values.
 * Gradients flow to a where cond holds and to b elsewhere.
 *
 * @example
 * where(gt(x, 0), x, 0); // relu
 */
export function where(cond: TensorLike | boolean, a: TensorLike, b: TensorLike): Tensor {
  // The condition takes no part in the result's dtype, so a and b are resolved on their own.
  const [x, y] = operands('where', [a, b], ['a', 'b']) as [Tensor, Tensor];
  const backend = x.backend;
  const c = cond instanceof Tensor ? onBackend(cond, backend) : operands('where', [Number(cond)], ['cond'])[0]!;
  const shape = broadcastShapes('where', broadcastShapes('where', c.shape, x.shape, ['cond', 'a']), y.shape, ['cond and a', 'b']);
  const dtype = promoteTypes(x.dtype, y.dtype);
  const out = wrap(
    backend,
    backend.where(
      expand(cast(c.detach(), 'bool'), shape).view(),
      expand(cast(x.detach(), dtype), shape).view(),
      expand(cast(y.detach(), dtype), shape).view(),
      dtype,
    ),
    shape,
  );
  return record('where', out, [x, y], (g) => {
    const zero = zerosLike(g);
    return [x.requiresGrad ? sumTo(where(c, g, zero), x.shape) : null, y.requiresGrad ? sumTo(where(c, zero, g), y.shape) : null];
  });
}
