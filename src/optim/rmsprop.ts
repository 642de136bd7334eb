/**
 * RMSprop, from Hinton, Srivastava & Swersky 2012, "Neural Networks for Machine Learning",
 * lecture 6e (Coursera), with the centred variant of Graves 2013, "Generating Sequences With
 * Recurrent Neural Networks" (arXiv:1308.0850, eqs. 38–41), momentum, and L2 weight decay, with
 * PyTorch's semantics (`torch.optim.RMSprop`).
 *
 * With gradient g, parameter θ, smoothing α, weight decay λ, momentum μ, learning rate η and ε:
 *
 *     g  = g + λθ
 *     s  = αs + (1 − α)g²                       running mean of g²
 *     ḡ  = αḡ + (1 − α)g                        running mean of g (centred only)
 *     d  = √(s − ḡ²) + ε  if centred, else √s + ε
 *     b  = μb + g/d;  θ = θ − ηb               with momentum (μ > 0)
 *     θ  = θ − ηg/d                             without
 *
 * ε goes outside the square root, as in PyTorch (TensorFlow and Keras put it inside), so
 * trajectories match PyTorch's.
 */
import { add, div, mul, sqrt, sub, type Tensor, zerosLike } from '../core/index.js';
import { checkBoolean, checkNonNegative, withDefaults } from './hyper-checks.js';
import { Optimizer, type OptimizerParams, type OptimizerRule, type UpdateResult } from './optimizer.js';

/** Hyper-parameters of {@link rmspropUpdate} and {@link RMSprop}. */
export interface RMSpropHyper {
  /** Learning rate η. */
  readonly lr: number;
  /** Smoothing constant α of the running averages. */
  readonly alpha: number;
  /** Added to the denominator (outside the square root) for numerical stability. */
  readonly eps: number;
  /** L2 penalty λ added to the gradient. */
  readonly weightDecay: number;
  /** Momentum factor μ; 0 turns momentum off. */
  readonly momentum: number;
  /** Normalise by an estimate of the gradient's variance instead of its raw second moment (Graves 2013). */
  readonly centered: boolean;
}

/** State of one parameter: the running mean of g², of g (centred), and the momentum buffer. */
export type RMSpropState = { readonly squareAvg: Tensor; readonly gradAvg: Tensor | null; readonly momentumBuffer: Tensor | null };

const DEFAULTS: RMSpropHyper = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false };

function validate(hyper: RMSpropHyper): void {
  checkNonNegative('RMSprop', 'lr', hyper.lr);
  checkNonNegative('RMSprop', 'alpha', hyper.alpha);
  checkNonNegative('RMSprop', 'eps', hyper.eps);
  checkNonNegative('RMSprop', 'weightDecay', hyper.weightDecay);
  checkNonNegative('RMSprop', 'momentum', hyper.momentum);
  checkBoolean('RMSprop', 'centered', hyper.centered);
}

/**
 * The state of a parameter before its first RMSprop step: zero averages (and buffer).
 *
 * @param param The parameter; the state takes its shape and dtype.
 * @param hyper The hyper-parameters (centred and momentum add state).
 * @example
 * let state = rmspropInit(w, hyper);
 */
export function rmspropInit(param: Tensor, hyper: Pick<RMSpropHyper, 'centered' | 'momentum'>): RMSpropState {
  return {
    squareAvg: zerosLike(param),
    gradAvg: hyper.centered ? zerosLike(param) : null,
    momentumBuffer: hyper.momentum > 0 ? zerosLike(param) : null,
  };
}

/**
 * One RMSprop step, as a pure function: returns the new parameter value and state, writing nothing.
 * Call it inside `noGrad` unless you mean to differentiate through the update.
 *
 * @param param The parameter θ.
 * @param grad Its gradient g (same shape).
 * @param state The state from {@link rmspropInit} or the previous step.
 * @param hyper The hyper-parameters (validated by the {@link RMSprop} constructor, not here).
 * @param _step The 1-based step count (RMSprop does not use it).
 * @throws ShapeError when grad does not broadcast to param.
 * @example
 * const hyper = { lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: true };
 * let state = rmspropInit(w, hyper);
 * noGrad(() => {
 *   const next = rmspropUpdate(w, w.grad!, state, hyper, 1);
 *   w.assign_(next.param);
 *   state = next.state;
 * });
 */
export function rmspropUpdate(
  param: Tensor,
  grad: Tensor,
  state: RMSpropState,
  hyper: RMSpropHyper,
  _step: number,
): UpdateResult<RMSpropState> {
  const { alpha, eps, lr, momentum } = hyper;
  const g = hyper.weightDecay !== 0 ? add(grad, mul(param, hyper.weightDecay)) : grad;
  const squareAvg = add(mul(state.squareAvg, alpha), mul(mul(g, 1 - alpha), g));
  let gradAvg = state.gradAvg;
  let root: Tensor;
  if (hyper.centered) {
    gradAvg = add(mul(gradAvg ?? zerosLike(param), alpha), mul(g, 1 - alpha));
    // s − ḡ² ≥ 0 in exact arithmetic (a variance); float rounding can make it slightly negative
    // only when both are ~0, where PyTorch gives NaN too.
    root = sqrt(sub(squareAvg, mul(gradAvg, gradAvg)));
  } else {
    root = sqrt(squareAvg);
  }
  const denom = add(root, eps);
  if (momentum > 0) {
    const momentumBuffer = add(mul(state.momentumBuffer ?? zerosLike(param), momentum), div(g, denom));
    return { param: sub(param, mul(momentumBuffer, lr)), state: { squareAvg, gradAvg, momentumBuffer } };
  }
  // (η·g)/d in that order, as PyTorch's addcdiv does.
  return { param: sub(param, div(mul(g, lr), denom)), state: { squareAvg, gradAvg, momentumBuffer: state.momentumBuffer } };
}

const RULE: OptimizerRule<RMSpropHyper, RMSpropState> = { name: 'RMSprop', validate, init: rmspropInit, update: rmspropUpdate };

/**
 * RMSprop (`torch.optim.RMSprop`; Hinton's lecture 6e), with centred and momentum variants.
 * Defaults: lr 1e-2, alpha 0.99, eps 1e-8, weightDecay 0, momentum 0, centered false.
 *
 * @example
 * const optimizer = new RMSprop(model.parameters(), { lr: 1e-3, centered: true });
 * loss.backward();
 * optimizer.step();
 */
export class RMSprop extends Optimizer<RMSpropHyper, RMSpropState> {
  /**
   * @param params Parameters, or groups `{ params, lr?, alpha?, … }`.
   * @param options Hyper-parameters for every group that does not override them.
   * @throws ValueError for a negative lr, alpha, eps, weightDecay or momentum, or bad params.
   */
  constructor(params: OptimizerParams<RMSpropHyper>, options: Partial<RMSpropHyper> = {}) {
    super(params, withDefaults('RMSprop', DEFAULTS, options), RULE);
  }
}
