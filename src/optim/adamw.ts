/**
 * AdamW, from Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization" (ICLR), with
 * PyTorch's semantics (`torch.optim.AdamW`).
 *
 * Adam (Kingma & Ba 2015) with the weight decay taken out of the gradient: the parameter shrinks by
 * a factor (1 − ηλ) before the Adam step, so decay is the same for every weight whatever its
 * gradient scale (the paper's point: an L2 term in the gradient is divided by √v̂ and so decays
 * weights with large gradients less). With gradient g, parameter θ, step t (from 1):
 *
 *     θ  = θ · (1 − ηλ)
 *     m  = β₁m + (1 − β₁)g,   v = β₂v + (1 − β₂)g²,   v̂ = max(v̂, v) with AMSGrad, else v
 *     θ  = θ − (η / (1 − β₁ᵗ)) · m / (√v̂ / √(1 − β₂ᵗ) + ε)
 *
 * PyTorch (and this file) multiply λ by the learning rate η, so a schedule on η also scales the
 * decay; the paper's Algorithm 2 uses a separate schedule multiplier.
 */
import { type Tensor } from '../core/index.js';
import { type AdamHyper, adamInit, type AdamState, adamUpdate } from './adam.js';
import { checkBetas, checkBoolean, checkNonNegative, withDefaults } from './hyper-checks.js';
import { Optimizer, type OptimizerParams, type OptimizerRule, type UpdateResult } from './optimizer.js';

/** Hyper-parameters of {@link adamwUpdate} and {@link AdamW}: Adam's, with decoupled weightDecay λ. */
export type AdamWHyper = AdamHyper;

/** State of one parameter: as Adam's. */
export type AdamWState = AdamState;

/** PyTorch's defaults: Adam's, with weight decay 1e-2. */
const DEFAULTS: AdamWHyper = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false };

function validate(hyper: AdamWHyper): void {
  checkNonNegative('AdamW', 'lr', hyper.lr);
  checkBetas('AdamW', 'betas', hyper.betas);
  checkNonNegative('AdamW', 'eps', hyper.eps);
  checkNonNegative('AdamW', 'weightDecay', hyper.weightDecay);
  checkBoolean('AdamW', 'amsgrad', hyper.amsgrad);
}

/**
 * The state of a parameter before its first AdamW step: zero moments.
 *
 * @param param The parameter; the moments take its shape and dtype.
 * @param hyper The hyper-parameters (AMSGrad adds the running maximum).
 * @example
 * let state = adamwInit(w, hyper);
 */
export function adamwInit(param: Tensor, hyper: Pick<AdamWHyper, 'amsgrad'>): AdamWState {
  return adamInit(param, hyper);
}

/**
 * One AdamW step, as a pure function: returns the new parameter value and state, writing nothing.
 * Call it inside `noGrad` unless you mean to differentiate through the update.
 *
 * @param param The parameter θ.
 * @param grad Its gradient g (same shape).
 * @param state The state from {@link adamwInit} or the previous step.
 * @param hyper The hyper-parameters (validated by the {@link AdamW} constructor, not here).
 * @param step This parameter's step count, from 1 (for the bias corrections).
 * @throws ShapeError when grad does not broadcast to param.
 * @example
 * const hyper = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01, amsgrad: false } as const;
 * let state = adamwInit(w, hyper);
 * noGrad(() => {
 *   const next = adamwUpdate(w, w.grad!, state, hyper, 1);
 *   w.assign_(next.param);
 *   state = next.state;
 * });
 */
export function adamwUpdate(param: Tensor, grad: Tensor, state: AdamWState, hyper: AdamWHyper, step: number): UpdateResult<AdamWState> {
  // The Adam step proper, without its L2 term: θ is first multiplied by 1 − η·λ (decoupled decay).
  return adamUpdate(param, grad, state, { ...hyper, weightDecay: 0 }, step, 1 - hyper.lr * hyper.weightDecay);
}

const RULE: OptimizerRule<AdamWHyper, AdamWState> = { name: 'AdamW', validate, init: adamwInit, update: adamwUpdate };

/**
 * AdamW (`torch.optim.AdamW`; Loshchilov & Hutter 2019): Adam with decoupled weight decay.
 * Defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 1e-2, amsgrad false.
 *
 * @example
 * const optimizer = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.05 });
 * loss.backward();
 * optimizer.step();
 */
export class AdamW extends Optimizer<AdamWHyper, AdamWState> {
  /**
   * @param params Parameters, or groups `{ params, lr?, weightDecay?, … }` (e.g. no decay for biases).
   * @param options Hyper-parameters for every group that does not override them.
   * @throws ValueError for a negative lr, eps or weightDecay, betas outside [0, 1), or bad params.
   */
  constructor(params: OptimizerParams<AdamWHyper>, options: Partial<AdamWHyper> = {}) {
    super(params, withDefaults('AdamW', DEFAULTS, options), RULE);
  }
}
