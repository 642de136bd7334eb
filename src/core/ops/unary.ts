/**
 * Elementwise primitives of one argument, each with its gradient rule beside it.
 *
 * Integer inputs to float functions (exp, log, sqrt, …) give float32, as in PyTorch.
 * Piecewise-constant functions (sign, floor, ceil, round) have a zero gradient, as in PyTorch.
 */
import type { UnaryOp } from '../../backends/contract.js';
import { record } from '../autograd.js';
import type { DType } from '../dtype.js';
import { DTypeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { add, gt, mul, sub, div } from './binary.js';
import { zerosLike } from './creation.js';
import { assertTensor, wrap } from './operand.js';
import { cast } from './shape-ops.js';

/** How a unary primitive treats dtypes and what its gradient is. */
interface UnaryRule {
  /** 'float': int/bool inputs give float32; 'same': keeps the input dtype (bool refused unless 'bool'). */
  readonly result: 'float' | 'same' | 'bool';
  /** Vector-Jacobian product from the output gradient `g`, the input `x` and the output `y`. */
  readonly vjp: ((g: Tensor, x: Tensor, y: Tensor) => Tensor) | null;
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

const RULES: Record<UnaryOp, UnaryRule> = {
  neg: { result: 'same', vjp: (g) => neg(g) },
  abs: { result: 'same', vjp: (g, x) => mul(g, sign(x)) },
  // d/dx eˣ = eˣ: reuse the output instead of recomputing.
  exp: { result: 'float', vjp: (g, _x, y) => mul(g, y) },
  log: { result: 'float', vjp: (g, x) => div(g, x) },
  log1p: { result: 'float', vjp: (g, x) => div(g, add(x, 1)) },
  // d/dx √x = 1 / (2√x).
  sqrt: { result: 'float', vjp: (g, _x, y) => div(g, mul(y, 2)) },
  // d/dx x^(−½) = −½ x^(−3/2) = −½ y³.
  rsqrt: { result: 'float', vjp: (g, _x, y) => mul(g, mul(mul(y, mul(y, y)), -0.5)) },
  sin: { result: 'float', vjp: (g, x) => mul(g, cos(x)) },
  cos: { result: 'float', vjp: (g, x) => neg(mul(g, sin(x))) },
  // d/dx tanh x = 1 − tanh² x.
  tanh: { result: 'float', vjp: (g, _x, y) => mul(g, sub(1, mul(y, y))) },
  // d/dx σ(x) = σ(x)(1 − σ(x)).
  sigmoid: { result: 'float', vjp: (g, _x, y) => mul(g, mul(y, sub(1, y))) },
  // The subgradient at 0 is taken as 0, as PyTorch does.
  relu: { result: 'same', vjp: (g, x) => mul(g, gt(x, 0)) },
  // d/dx erf x = 2/√π · e^(−x²).
  erf: { result: 'float', vjp: (g, x) => mul(g, mul(exp(neg(mul(x, x))), TWO_OVER_SQRT_PI)) },
  sign: { result: 'same', vjp: (g) => zerosLike(g) },
  floor: { result: 'same', vjp: (g) => zerosLike(g) },
  ceil: { result: 'same', vjp: (g) => zerosLike(g) },
  round: { result: 'same', vjp: (g) => zerosLike(g) },
  logicalNot: { result: 'bool', vjp: null },
};

function resultDType(op: UnaryOp, input: DType): DType {
  const rule = RULES[op];
  if (rule.result === 'bool') return 'bool';
  if (rule.result === 'float') return input === 'float64' ? 'float64' : 'float32';
  if (input === 'bool') {
    throw new DTypeError(`${op}: x must be numeric, got bool; cast it first with cast(x, 'int32') or cast(x, 'float32')`);
  }
  return input;
}

function unary(op: UnaryOp, x: Tensor): Tensor {
  assertTensor(op, 'x', x);
  const dtype = resultDType(op, x.dtype);
  // Rounding an integer is the identity.
  if ((op === 'floor' || op === 'ceil' || op === 'round') && !x.isFloatingPoint()) return x;
  // Kernels see inputs already in the output dtype (logicalNot reads any dtype's truth values).
  const input = op === 'logicalNot' ? x : cast(x.detach(), dtype);
  const y = wrap(x.backend, x.backend.unary(op, input.view(), dtype), x.shape);
  const vjp = RULES[op].vjp;
  if (vjp === null) return y;
  return record(op, y, [x], (g) => [vjp(g, x, y)]);
}

/** −x. @example neg(tensor([1, -2])) // [-1, 2] */
export function neg(x: Tensor): Tensor { return unary('neg', x); }
/** |x|. */
export function abs(x: Tensor): Tensor { return unary('abs', x); }
/** eˣ. */
export function exp(x: Tensor): Tensor { return unary('exp', x); }
/** Natural logarithm; log(0) = −∞, log of a negative number is NaN. */
export function log(x: Tensor): Tensor { return unary('log', x); }
/** log(1 + x), accurate for small x. */
export function log1p(x: Tensor): Tensor { return unary('log1p', x); }
/** √x. */
export function sqrt(x: Tensor): Tensor { return unary('sqrt', x); }
/** 1/√x. */
export function rsqrt(x: Tensor): Tensor { return unary('rsqrt', x); }
/** sin x (radians). */
export function sin(x: Tensor): Tensor { return unary('sin', x); }
/** cos x (radians). */
export function cos(x: Tensor): Tensor { return unary('cos', x); }
/** Hyperbolic tangent. */
export function tanh(x: Tensor): Tensor { return unary('tanh', x); }
/** Logistic sigmoid 1/(1 + e⁻ˣ), stable for large |x|. */
export function sigmoid(x: Tensor): Tensor { return unary('sigmoid', x); }
/** max(x, 0). */
export function relu(x: Tensor): Tensor { return unary('relu', x); }
/** The Gauss error function. */
export function erf(x: Tensor): Tensor { return unary('erf', x); }
/** −1, 0 or 1 by the sign of x (NaN stays NaN). */
export function sign(x: Tensor): Tensor { return unary('sign', x); }
/** Largest integer ≤ x. */
export function floor(x: Tensor): Tensor { return unary('floor', x); }
/** Smallest integer ≥ x. */
export function ceil(x: Tensor): Tensor { return unary('ceil', x); }
/** Nearest integer, ties to even (as NumPy and PyTorch). */
export function round(x: Tensor): Tensor { return unary('round', x); }
/** Elementwise NOT; any non-zero counts as true. Returns bool. */
export function logicalNot(x: Tensor): Tensor { return unary('logicalNot', x); }
