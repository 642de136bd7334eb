/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay, with
 * PyTorch's semantics (`torch.optim.SGD`).
 *
 * With gradient g, parameter θ, weight decay λ, momentum μ, dampening τ and learning rate η:
 *
 *     d  = g + λθ
 *     b₁ = d                          (first step: the buffer starts as the gradient, undamped)
 *     bₜ = μ·bₜ₋₁ + (1 − τ)·d         (later steps)
 *     d  = d + μ·bₜ  if Nesterov, else bₜ
 *     θ  = θ − η·d
 *
 * Momentum is Polyak's heavy ball (Polyak 1964) in the form of Sutskever et al. 2013, "On the
 * importance of initialization and momentum in deep learning", which scales the gradient by η
 * outside the buffer (so changing η mid-run does not rescale the accumulated velocity); Nesterov's
 * variant (Nesterov 1983) is the look-ahead form from the same paper.
 */
import { add, clone, mul, sub, type Tensor, ValueError } from '../core/index.js';
import { checkBoolean, checkNonNegative, withDefaults } from './hyper-checks.js';
import { Optimizer, type OptimizerParams, type OptimizerRule, type UpdateResult } from './optimizer.js';

/** Hyper-parameters of {@link sgdUpdate} and {@link SGD}. */
export interface SGDHyper {
  /** Learning rate η. */
  readonly lr: number;
  /** Momentum factor μ; 0 turns momentum off. */
  readonly momentum: number;
  /** Dampening τ of the gradient added to the momentum buffer. */
  readonly dampening: number;
  /** L2 penalty λ added to the gradient. */
  readonly weightDecay: number;
  /** Use Nesterov momentum (needs momentum > 0 and dampening 0). */
  readonly nesterov: boolean;
}

/** State of one parameter: the momentum buffer, null until the first step or without momentum. */
export type SGDState = { readonly momentumBuffer: Tensor | null };

/** PyTorch's defaults (lr 1e-3 as in PyTorch ≥ 2.2; 1.13 required it). */
const DEFAULTS: SGDHyper = { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false };

function validate(hyper: SGDHyper): void {
  checkNonNegative('SGD', 'lr', hyper.lr);
  checkNonNegative('SGD', 'momentum', hyper.momentum);
  checkNonNegative('SGD', 'dampening', hyper.dampening);
  checkNonNegative('SGD', 'weightDecay', hyper.weightDecay);
  checkBoolean('SGD', 'nesterov', hyper.nesterov);
  if (hyper.nesterov && (hyper.momentum <= 0 || hyper.dampening !== 0)) {
    throw new ValueError(
      `SGD: nesterov needs momentum > 0 and dampening 0, got momentum ${hyper.momentum} and dampening ${hyper.dampening}`,
    );
  }
}

/**
 * The state of a parameter before its first SGD step.
 *
 * @param _param The parameter (unused: the momentum buffer is created by the first step).
 * @param _hyper The hyper-parameters (unused).
 * @example
 * let state = sgdInit(w, hyper);
 */
export function sgdInit(_param: Tensor, _hyper: SGDHyper): SGDState {
  return { momentumBuffer: null };
}

/**
 * One SGD step, as a pure function: returns the new parameter value and state, writing nothing.
 * Call it inside `noGrad` unless you mean to differentiate through the update.
 *
 * @param param The parameter θ.
 * @param grad Its gradient g (same shape).
 * @param state The state from {@link sgdInit} or the previous step.
 * @param hyper The hyper-parameters (validated by the {@link SGD} constructor, not here).
 * @param _step The 1-based step count (SGD does not use it).
 * @throws ShapeError when grad does not broadcast to param.
 * @example
 * const hyper = { lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false };
 * let state = sgdInit(w, hyper);
 * noGrad(() => {
 *   const next = sgdUpdate(w, w.grad!, state, hyper, 1);
 *   w.assign_(next.param);
 *   state = next.state;
 * });
 */
export function sgdUpdate(param: Tensor, grad: Tensor, state: SGDState, hyper: SGDHyper, _step: number): UpdateResult<SGDState> {
  let d = hyper.weightDecay !== 0 ? add(grad, mul(param, hyper.weightDecay)) : grad;
  let buffer = state.momentumBuffer;
  if (hyper.momentum !== 0) {
    // The first buffer is a copy of d, without dampening (PyTorch's choice); the copy keeps the
    // state independent of a gradient that may later be scaled in place (clipGradNorm).
    buffer = buffer === null ? clone(d) : add(mul(buffer, hyper.momentum), mul(d, 1 - hyper.dampening));
    d = hyper.nesterov ? add(d, mul(buffer, hyper.momentum)) : buffer;
  }
  return { param: sub(param, mul(d, hyper.lr)), state: { momentumBuffer: buffer } };
}

const RULE: OptimizerRule<SGDHyper, SGDState> = { name: 'SGD', validate, init: sgdInit, update: sgdUpdate };

/**
 * Stochastic gradient descent (`torch.optim.SGD`), with momentum, dampening, Nesterov momentum and
 * weight decay. Defaults: lr 1e-3, momentum 0, dampening 0, weightDecay 0, nesterov false.
 *
 * @example
 * const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
 * loss.backward();
 * optimizer.step();
 */
export class SGD extends Optimizer<SGDHyper, SGDState> {
  /**
   * @param params Parameters, or groups `{ params, lr?, momentum?, … }`.
   * @param options Hyper-parameters for every group that does not override them.
   * @throws ValueError for a negative lr, momentum, dampening or weightDecay, Nesterov without
   *   momentum or with dampening, or bad params.
   */
  constructor(params: OptimizerParams<SGDHyper>, options: Partial<SGDHyper> = {}) {
    super(params, withDefaults('SGD', DEFAULTS, options), RULE);
  }
}
