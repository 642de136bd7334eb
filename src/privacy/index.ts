/** Differential privacy: DP-SGD (per-example clipping and Gaussian noise) and the Rényi-DP accountant. */
export { computeRdp, rdpOfSampledGaussian } from './rdp-sampled-gaussian.js';
export { rdpToEpsilon, type EpsilonAtOrder, type RdpConversion } from './rdp-to-epsilon.js';
export { DEFAULT_RDP_ORDERS, RdpAccountant, type RdpAccountantOptions } from './rdp-accountant.js';
export { epsilonForPlan, findNoiseMultiplier, type TrainingPlan } from './noise-multiplier.js';
export { clippedGradientSum, perExampleGradients, type ClippedGradientSum } from './per-example-gradients.js';
export { checkPerExampleSupport } from './layer-calls.js';
export { DpSgd, type DpSgdOptions, type PrivateStep } from './dp-sgd.js';
export { poissonBatches, type PoissonBatchOptions } from './poisson-batches.js';
export { privateTraining, type PrivateTraining, type PrivateTrainingOptions } from './private-training.js';
