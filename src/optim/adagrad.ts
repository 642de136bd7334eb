/**
 * Adagrad, from Duchi, Hazan & Singer 2011, "Adaptive Subgradient Methods for Online Learning and
 * Stochastic Optimization" (JMLR 12), diagonal version, with learning-rate decay and L2 weight
 * decay, with PyTorch's semantics (`torch.optim.Adagrad`).
 *
 * With gradient g, parameter θ, step t (from 1), weight decay λ, lr decay δ and ε:
 *
 *     g  = g + λθ
 *     η̃  = η / (1 + (t − 1)δ)
 *     s  = s + g²                      sum of squared gradients, starting at initialAccumulatorValue
 *     θ  = θ − η̃ · g / (√s + ε)
 *
 * Each coordinate's step shrinks with the history of its own gradients, so rare features get
 * large steps (the paper's motivation).
 */
import { add, div, fullLike, mul, sqrt, sub, type Tensor } from '../core/index.js';
import { checkNonNegative, withDefaults } from './hyper-checks.js';
import { Optimizer, type OptimizerParams, type OptimizerRule, type UpdateResult } from './optimizer.js';

/** Hyper-parameters of {@link adagradUpdate} and {@link Adagrad}. */
export interface AdagradHyper {
  /** Learning rate η. */
  readonly lr: number;
  /** Decay δ of the learning rate per step: η / (1 + (t − 1)δ). */
  readonly lrDecay: number;
  /** L2 penalty λ added to the gradient. */
  readonly weightDecay: number;
  /** Starting value of the sum of squared gradients. */
  readonly initialAccumulatorValue: number;
  /** Added to the denominator for numerical stability. */
  readonly eps: number;
}

/** State of one parameter: the running sum of squared gradients. */
export type AdagradState = { readonly sum: Tensor };

const DEFAULTS: AdagradHyper = { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10 };

function validate(hyper: AdagradHyper): void {
  checkNonNegative('Adagrad', 'lr', hyper.lr);
  checkNonNegative('Adagrad', 'lrDecay', hyper.lrDecay);
  checkNonNegative('Adagrad', 'weightDecay', hyper.weightDecay);
  checkNonNegative('Adagrad', 'initialAccumulatorValue', hyper.initialAccumulatorValue);
  checkNonNegative('Adagrad', 'eps', hyper.eps);
}

/**
 * The state of a parameter before its first Adagrad step: the accumulator at its initial value.
 *
 * @param param The parameter; the accumulator takes its shape and dtype.
 * @param hyper The hyper-parameters (initialAccumulatorValue).
 * @example
 * let state = adagradInit(w, { initialAccumulatorValue: 0.1 });
 */
export function adagradInit(param: Tensor, hyper: Pick<AdagradHyper, 'initialAccumulatorValue'>): AdagradState {
  return { sum: fullLike(param, hyper.initialAccumulatorValue) };
}

/**
 * One Adagrad step, as a pure function: returns the new parameter value and state, writing nothing.
 * Call it inside `noGrad` unless you mean to differentiate through the update.
 *
 * @param param The parameter θ.
 * @param grad Its gradient g (same shape).
 * @param state The state from {@link adagradInit} or the previous step.
 * @param hyper The hyper-parameters (validated by the {@link Adagrad} constructor, not here).
 * @param step This parameter's step count, from 1 (for the learning-rate decay).
 * @throws ShapeError when grad does not broadcast to param.
 * @example
 * const hyper = { lr: 0.01, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10 };
 * let state = adagradInit(w, hyper);
 * noGrad(() => {
 *   const next = adagradUpdate(w, w.grad!, state, hyper, 1);
 *   w.assign_(next.param);
 *   state = next.state;
 * });
 */
export function adagradUpdate(
  param: Tensor,
  grad: Tensor,
  state: AdagradState,
  hyper: AdagradHyper,
  step: number,
): UpdateResult<AdagradState> {
  const g = hyper.weightDecay !== 0 ? add(grad, mul(param, hyper.weightDecay)) : grad;
  const clr = hyper.lr / (1 + (step - 1) * hyper.lrDecay);
  const sum = add(state.sum, mul(g, g));
  const denom = add(sqrt(sum), hyper.eps);
  // (η̃·g)/d in that order, as PyTorch's addcdiv does.
  return { param: sub(param, div(mul(g, clr), denom)), state: { sum } };
}

const RULE: OptimizerRule<AdagradHyper, AdagradState> = { name: 'Adagrad', validate, init: adagradInit, update: adagradUpdate };

/**
 * Adagrad (`torch.optim.Adagrad`; Duchi et al. 2011), with learning-rate decay and an initial
 * accumulator. Defaults: lr 1e-2, lrDecay 0, weightDecay 0, initialAccumulatorValue 0, eps 1e-10.
 *
 * @example
 * const optimizer = new Adagrad(embedding.parameters(), { lr: 0.05 });
 * loss.backward();
 * optimizer.step();
 */
export class Adagrad extends Optimizer<AdagradHyper, AdagradState> {
  /**
   * @param params Parameters, or groups `{ params, lr?, lrDecay?, … }`.
   * @param options Hyper-parameters for every group that does not override them.
   * @throws ValueError for a negative lr, lrDecay, weightDecay, initialAccumulatorValue or eps, or bad params.
   */
  constructor(params: OptimizerParams<AdagradHyper>, options: Partial<AdagradHyper> = {}) {
    super(params, withDefaults('Adagrad', DEFAULTS, options), RULE);
  }
}
