/**
 * Adam, from Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization" (ICLR), with the
 * AMSGrad variant of Reddi, Kale & Kumar 2018, "On the Convergence of Adam and Beyond" (ICLR), and
 * L2 weight decay added to the gradient, with PyTorch's semantics (`torch.optim.Adam`).
 *
 * With gradient g, parameter θ, step t (from 1), decay rates β₁, β₂, weight decay λ, learning
 * rate η and ε:
 *
 *     g  = g + λθ
 *     m  = β₁m + (1 − β₁)g                  first-moment estimate
 *     v  = β₂v + (1 − β₂)g²                 second-moment estimate
 *     v̂  = max(v̂, v) with AMSGrad, else v
 *     θ  = θ − (η / (1 − β₁ᵗ)) · m / (√v̂ / √(1 − β₂ᵗ) + ε)
 *
 * ε is added after the bias correction of √v (Algorithm 1 of the paper puts it after correcting
 * v as well; PyTorch's placement, kept here so trajectories match). Note that λ here is an L2
 * penalty, which Adam's scaling weakens for parameters with large gradients; {@link AdamW}
 * decouples it (Loshchilov & Hutter 2019).
 */
import { adamUpdateFused, add, div, maximum, mul, sqrt, sub, type Tensor, zerosLike } from '../core/index.js';
import { checkBetas, checkBoolean, checkNonNegative, withDefaults } from './hyper-checks.js';
import { Optimizer, type OptimizerParams, type OptimizerRule, type UpdateResult } from './optimizer.js';

/** Hyper-parameters of {@link adamUpdate} and {@link Adam}. */
export interface AdamHyper {
  /** Learning rate η. */
  readonly lr: number;
  /** Decay rates [β₁, β₂] of the first- and second-moment estimates. */
  readonly betas: readonly [number, number];
  /** Added to the denominator for numerical stability. */
  readonly eps: number;
  /** L2 penalty λ added to the gradient. */
  readonly weightDecay: number;
  /** Use the AMSGrad variant (Reddi et al. 2018): normalise by the running maximum of v. */
  readonly amsgrad: boolean;
}

/** State of one parameter: the moment estimates (and the running maximum of v with AMSGrad). */
export type AdamState = { readonly expAvg: Tensor; readonly expAvgSq: Tensor; readonly maxExpAvgSq: Tensor | null };

const DEFAULTS: AdamHyper = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false };

function validate(hyper: AdamHyper): void {
  checkNonNegative('Adam', 'lr', hyper.lr);
  checkBetas('Adam', 'betas', hyper.betas);
  checkNonNegative('Adam', 'eps', hyper.eps);
  checkNonNegative('Adam', 'weightDecay', hyper.weightDecay);
  checkBoolean('Adam', 'amsgrad', hyper.amsgrad);
}

/**
 * The state of a parameter before its first Adam step: zero moments.
 *
 * @param param The parameter; the moments take its shape and dtype.
 * @param hyper The hyper-parameters (AMSGrad adds the running maximum).
 * @example
 * let state = adamInit(w, hyper);
 */
export function adamInit(param: Tensor, hyper: Pick<AdamHyper, 'amsgrad'>): AdamState {
  return { expAvg: zerosLike(param), expAvgSq: zerosLike(param), maxExpAvgSq: hyper.amsgrad ? zerosLike(param) : null };
}

/**
 * One Adam step, as a pure function: returns the new parameter value and state, writing nothing.
 * Call it inside `noGrad` unless you mean to differentiate through the update.
 *
 * @param param The parameter θ.
 * @param grad Its gradient g (same shape).
 * @param state The state from {@link adamInit} or the previous step.
 * @param hyper The hyper-parameters (validated by the {@link Adam} constructor, not here).
 * @param step This parameter's step count, from 1 (for the bias corrections).
 * @throws ShapeError when grad does not broadcast to param.
 * @example
 * const hyper = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false } as const;
 * let state = adamInit(w, hyper);
 * noGrad(() => {
 *   const next = adamUpdate(w, w.grad!, state, hyper, 1);
 *   w.assign_(next.param);
 *   state = next.state;
 * });
 */
export function adamUpdate(param: Tensor, grad: Tensor, state: AdamState, hyper: AdamHyper, step: number, decay = 1): UpdateResult<AdamState> {
  const [beta1, beta2] = hyper.betas;
  // Bias corrections in double precision on the host, as PyTorch computes them in Python floats.
  const stepSize = hyper.lr / (1 - beta1 ** step);
  const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
  if (!hyper.amsgrad) {
    // One backend pass with the same arithmetic as the ops below (src/core/ops/adam-update.ts).
    const next = adamUpdateFused(param, grad, state.expAvg, state.expAvgSq, {
      decay, weightDecay: hyper.weightDecay, beta1, beta2, stepSize, biasCorrection2Sqrt, eps: hyper.eps,
    });
    return { param: next.param, state: { expAvg: next.expAvg, expAvgSq: next.expAvgSq, maxExpAvgSq: null } };
  }
  const decayed = decay !== 1 ? mul(param, decay) : param;
  const g = hyper.weightDecay !== 0 ? add(grad, mul(param, hyper.weightDecay)) : grad;
  const expAvg = add(mul(state.expAvg, beta1), mul(g, 1 - beta1));
  const expAvgSq = add(mul(state.expAvgSq, beta2), mul(mul(g, 1 - beta2), g));
  const maxExpAvgSq = maximum(state.maxExpAvgSq ?? zerosLike(param), expAvgSq);
  const denom = add(div(sqrt(maxExpAvgSq), biasCorrection2Sqrt), hyper.eps);
  // (η̂·m)/denom in that order, as PyTorch's addcdiv does.
  return { param: sub(decayed, div(mul(expAvg, stepSize), denom)), state: { expAvg, expAvgSq, maxExpAvgSq } };
}

const RULE: OptimizerRule<AdamHyper, AdamState> = {
  name: 'Adam',
  validate,
  init: adamInit,
  update: adamUpdate,
};

/**
 * Adam (`torch.optim.Adam`; Kingma & Ba 2015), with optional AMSGrad and L2 weight decay.
 * Defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 0, amsgrad false.
 *
 * @example
 * const optimizer = new Adam(model.parameters(), { lr: 3e-4 });
 * loss.backward();
 * optimizer.step();
 */
export class Adam extends Optimizer<AdamHyper, AdamState> {
  /**
   * @param params Parameters, or groups `{ params, lr?, betas?, … }`.
   * @param options Hyper-parameters for every group that does not override them.
   * @throws ValueError for a negative lr, eps or weightDecay, betas outside [0, 1), or bad params.
   */
  constructor(params: OptimizerParams<AdamHyper>, options: Partial<AdamHyper> = {}) {
    super(params, withDefaults('Adam', DEFAULTS, options), RULE);
  }
}
