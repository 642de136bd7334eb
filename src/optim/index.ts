/**
 * Optimisers, gradient clipping and learning-rate schedules. Each optimiser is a pure update rule
 * (`adamInit` / `adamUpdate`, …) wrapped by a stateful class (`Adam`, …) that keeps parameter groups,
 * per-parameter state and state dicts.
 */
export {
  Optimizer,
  type BaseHyper,
  type HyperValue,
  type OptimizerParams,
  type OptimizerRule,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupSpec,
  type ParamGroupState,
  type ParamStateEntry,
  type SlotState,
  type UpdateResult,
} from './optimizer.js';
export { SGD, sgdInit, sgdUpdate, type SGDHyper, type SGDState } from './sgd.js';
export { Adam, adamInit, adamUpdate, type AdamHyper, type AdamState } from './adam.js';
export { AdamW, adamwInit, adamwUpdate, type AdamWHyper, type AdamWState } from './adamw.js';
export { RMSprop, rmspropInit, rmspropUpdate, type RMSpropHyper, type RMSpropState } from './rmsprop.js';
export { Adagrad, adagradInit, adagradUpdate, type AdagradHyper, type AdagradState } from './adagrad.js';
export { clipGradNorm } from './clip-grad-norm.js';
export { clipGradValue } from './clip-grad-value.js';
export { LRScheduler, type LRSchedulerState, type ScheduledOptimizer } from './lr-scheduler.js';
export { StepLR, type StepLROptions } from './step-lr.js';
export { ExponentialLR, type ExponentialLROptions } from './exponential-lr.js';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './cosine-annealing-lr.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions, type ReduceLROnPlateauState } from './reduce-lr-on-plateau.js';
export { getOptimizer, OPTIMIZER_NAMES, type NamedOptimizerOptions } from './get-optimizer.js';
