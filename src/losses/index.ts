/**
 * Loss functions, composed from the engine's public ops (autograd differentiates them; none has
 * gradient code of its own), with PyTorch's names, options and reductions, and a registry by name.
 */
export { type LossOptions, type Reduction } from './reduction.js';
export { mseLoss, type MseLossOptions } from './mse-loss.js';
export { l1Loss, type L1LossOptions } from './l1-loss.js';
export { huberLoss, type HuberLossOptions } from './huber-loss.js';
export { smoothL1Loss, type SmoothL1LossOptions } from './smooth-l1-loss.js';
export { binaryCrossEntropy, type BinaryCrossEntropyOptions } from './binary-cross-entropy.js';
export { binaryCrossEntropyWithLogits, type BinaryCrossEntropyWithLogitsOptions } from './binary-cross-entropy-with-logits.js';
export { crossEntropy, type CrossEntropyOptions } from './cross-entropy.js';
export { nllLoss, type NllLossOptions } from './nll-loss.js';
export { klDivLoss, type KlDivLossOptions } from './kl-div-loss.js';
export { getLoss, LOSS_NAMES, type LossFunction } from './get-loss.js';
