/**
 * Integrated gradients (Sundararajan, Taly & Yan 2017, "Axiomatic Attribution for Deep Networks"):
 *
 *   IGᵢ(x) = (xᵢ − x'ᵢ) · ∫₀¹ ∂f(x' + α(x − x'))/∂xᵢ dα
 *
 * along the straight path from a baseline x' to x, the integral approximated by a Riemann sum or
 * the trapezoid rule over m steps. Its completeness axiom, Σᵢ IGᵢ = f(x) − f(x'), is the check that
 * m was large enough: the result reports the gap, and the paper advises raising m until the gap is
 * within a few percent of f(x) − f(x').
 */
import { ShapeError, type Tensor, ValueError } from '../core/index.js';
import { type Attribution, positiveIntegerOption, readInput } from './attribution.js';
import { inputGradients } from './input-gradients.js';
import { evaluateBatch, explainedFunction, inEvalMode, type Predictor, type TargetOptions } from './predictor.js';

/** How the path integral is approximated. */
export type IntegrationRule = 'riemann-left' | 'riemann-right' | 'riemann-middle' | 'trapezoid';

/** Options of {@link integratedGradients}. */
export interface IntegratedGradientsOptions extends TargetOptions {
  /** Steps m along the path (default 50). */
  readonly steps?: number;
  /** Integration rule (default 'trapezoid'). */
  readonly rule?: IntegrationRule;
  /** The baseline x': a number for every element (default 0) or a tensor shaped like x. */
  readonly baseline?: number | Tensor;
  /** Path points per backward pass (default 64). */
  readonly batchSize?: number;
}

/** Integrated gradients with their completeness check. */
export interface IntegratedGradientsResult extends Attribution {
  readonly method: 'integrated-gradients';
  /** f(x') at the baseline. */
  readonly baselineOutput: number;
  /** Σᵢ IGᵢ − (f(x) − f(x')): zero for an exact integral. */
  readonly completenessGap: number;
  /** |completenessGap| / |f(x) − f(x')| (0 when both are 0). */
  readonly relativeGap: number;
  readonly steps: number;
  readonly rule: IntegrationRule;
}

/** Path positions α and quadrature weights of a rule over m steps. */
export function integrationPoints(rule: IntegrationRule, m: number): { alphas: number[]; weights: number[] } {
  switch (rule) {
    case 'riemann-left':
      return { alphas: Array.from({ length: m }, (_, k) => k / m), weights: new Array<number>(m).fill(1 / m) };
    case 'riemann-right':
      return { alphas: Array.from({ length: m }, (_, k) => (k + 1) / m), weights: new Array<number>(m).fill(1 / m) };
    case 'riemann-middle':
      return { alphas: Array.from({ length: m }, (_, k) => (k + 0.5) / m), weights: new Array<number>(m).fill(1 / m) };
    case 'trapezoid':
      return { alphas: Array.from({ length: m + 1 }, (_, k) => k / m), weights: Array.from({ length: m + 1 }, (_, k) => (k === 0 || k === m ? 0.5 / m : 1 / m)) };
    default:
      throw new ValueError(`integratedGradients: rule must be 'riemann-left', 'riemann-right', 'riemann-middle' or 'trapezoid', got '${String(rule)}'`);
  }
}

/**
 * Integrated gradients of one input.
 *
 * @param model The network.
 * @param x One example without batch dimension.
 * @throws ValueError for a bad x, target, step count, rule or baseline value; ShapeError for a baseline not shaped like x.
 * @example
 * const ig = integratedGradients(model, x, { steps: 100, baseline: 0 });
 * ig.values; ig.completenessGap; // Σ values ≈ ig.output − ig.baselineOutput
 */
export function integratedGradients(model: Predictor, x: Tensor, options: IntegratedGradientsOptions = {}): IntegratedGradientsResult {
  const input = readInput('integratedGradients', x);
  const m = positiveIntegerOption('integratedGradients', 'steps', options.steps, 50);
  const rule = options.rule ?? 'trapezoid';
  const { alphas, weights } = integrationPoints(rule, m);
  const size = input.data.length;
  const baseline = baselineValues(options.baseline, input.shape, size);
  const path = new Float64Array(alphas.length * size);
  alphas.forEach((a, k) => {
    for (let j = 0; j < size; j++) path[k * size + j] = baseline[j]! + a * (input.data[j]! - baseline[j]!);
  });
  return inEvalMode(model, () => {
    const { f, target } = explainedFunction(model, x, options);
    const g = inputGradients(f, path, [alphas.length, ...input.shape], input.dtype, positiveIntegerOption('integratedGradients', 'batchSize', options.batchSize, 64));
    const values = new Array<number>(size).fill(0);
    weights.forEach((w, k) => {
      for (let j = 0; j < size; j++) values[j]! += w * g[k * size + j]!;
    });
    for (let j = 0; j < size; j++) values[j] = values[j]! * (input.data[j]! - baseline[j]!);
    const both = new Float64Array(2 * size);
    both.set(input.data, 0);
    both.set(baseline, size);
    const [output, baselineOutput] = evaluateBatch(f, both, [2, ...input.shape], input.dtype) as unknown as [number, number];
    return { method: 'integrated-gradients', shape: input.shape, values, target, output, baselineOutput, ...completeness(values, output, baselineOutput), steps: m, rule };
  });
}

/**
 * The completeness check of integrated gradients: Σ values − (output − baselineOutput), and its
 * size relative to |output − baselineOutput| (0 when both are 0, ∞ when only the gap is not).
 */
export function completeness(values: readonly number[], output: number, baselineOutput: number): { completenessGap: number; relativeGap: number } {
  const delta = output - baselineOutput;
  const completenessGap = values.reduce((s, v) => s + v, 0) - delta;
  const relativeGap = delta === 0 ? (completenessGap === 0 ? 0 : Infinity) : Math.abs(completenessGap) / Math.abs(delta);
  return { completenessGap, relativeGap };
}

function baselineValues(baseline: number | Tensor | undefined, shape: readonly number[], size: number): Float64Array {
  if (baseline === undefined || typeof baseline === 'number') {
    if (baseline !== undefined && !Number.isFinite(baseline)) throw new ValueError(`integratedGradients: baseline must be a finite number or a tensor, got ${baseline}`);
    return new Float64Array(size).fill(baseline ?? 0);
  }
  const b = readInput('integratedGradients baseline', baseline);
  if (b.shape.length !== shape.length || b.shape.some((d, i) => d !== shape[i])) {
    throw new ShapeError(`integratedGradients: baseline must have the input's shape [${shape.join(', ')}], got [${b.shape.join(', ')}]`);
  }
  return b.data;
}
