/**
 * DP-SGD inside `Model.fit`: `compile({ …, privacy: privateTraining({ targetEpsilon: 3, delta: 1e-5,
 * maxGradNorm: 1 }) })`. fit then draws Poisson-sampled batches, computes clipped, noised gradients
 * for the compiled optimiser, and logs the ε spent after every epoch (History's `epsilon`).
 */
import { Generator, type Tensor, ValueError } from '../core/index.js';
import type { LossFunction } from '../losses/index.js';
import type { Module } from '../nn/index.js';
import type { GradientPrivacy, Logs, PrivateTrainingRun } from '../train/index.js';
import { DpSgd } from './dp-sgd.js';
import { findNoiseMultiplier } from './noise-multiplier.js';
import { poissonBatches, poissonStepsPerEpoch } from './poisson-batches.js';
import { RdpAccountant } from './rdp-accountant.js';

/** Options of {@link privateTraining}: a budget (targetEpsilon) or an explicit noiseMultiplier. */
export interface PrivateTrainingOptions {
  /** ε to spend over the fit call; the noise multiplier is solved for (bisection on the RDP accountant). */
  readonly targetEpsilon?: number;
  /** σ, instead of targetEpsilon. */
  readonly noiseMultiplier?: number;
  /** δ of the (ε, δ) guarantee; choose it well below 1/n (default 1e-5). */
  readonly delta?: number;
  /** C, the per-example gradient norm bound (default 1). */
  readonly maxGradNorm?: number;
  /** Source of sampling and noise randomness (default: a generator seeded with 0). */
  readonly generator?: Generator;
}

/** {@link GradientPrivacy} for DP-SGD, with what it settled on. */
export interface PrivateTraining extends GradientPrivacy {
  /** σ in use: given, or solved for at the start of fit (NaN before). */
  readonly noiseMultiplier: number;
  readonly delta: number;
  readonly maxGradNorm: number;
  /** The ledger; ε accumulates over every fit call made with this object. */
  readonly accountant: RdpAccountant;
}

/**
 * DP-SGD for `Model.compile({ privacy })`.
 *
 * @throws ValueError unless exactly one of targetEpsilon and noiseMultiplier is given, or for δ
 *   outside (0, 1) or a non-positive maxGradNorm. At fit's start: a budget no noise reaches, or a
 *   layer without a per-example rule (batch norm: use GroupNorm or LayerNorm).
 * @example
 * model.compile({ optimizer: 'sgd', learningRate: 0.1, loss: 'crossEntropy', metrics: ['accuracy'],
 *   privacy: privateTraining({ targetEpsilon: 3, delta: 1e-5, maxGradNorm: 1 }) });
 * const history = await model.fit(x, y, { epochs: 10, batchSize: 256 });
 * history.last('epsilon'); // ≤ 3
 */
export function privateTraining(options: PrivateTrainingOptions): PrivateTraining {
  const { targetEpsilon, noiseMultiplier } = options;
  if ((targetEpsilon === undefined) === (noiseMultiplier === undefined)) {
    throw new ValueError('privateTraining: give exactly one of targetEpsilon (a privacy budget) and noiseMultiplier');
  }
  const delta = options.delta ?? 1e-5;
  if (!(delta > 0 && delta < 1)) throw new ValueError(`privateTraining: delta must be in (0, 1), got ${delta}`);
  const maxGradNorm = options.maxGradNorm ?? 1;
  if (!(maxGradNorm > 0) || !Number.isFinite(maxGradNorm)) throw new ValueError(`privateTraining: maxGradNorm must be a positive number, got ${maxGradNorm}`);
  const generator = options.generator ?? new Generator(0);
  const accountant = new RdpAccountant();
  let engine: DpSgd | null = null;
  let batchSize = 0;
  let sigma = noiseMultiplier ?? NaN;

  const running = (op: string): DpSgd => {
    if (engine === null) throw new ValueError(`privateTraining.${op}: call begin first (fit does)`);
    return engine;
  };
  return {
    get noiseMultiplier() {
      return sigma;
    },
    delta,
    maxGradNorm,
    accountant,
    begin(module: Module, run: PrivateTrainingRun): void {
      if (targetEpsilon !== undefined && Number.isNaN(sigma)) {
        sigma = findNoiseMultiplier(targetEpsilon, delta, { ...run, stepsPerEpoch: poissonStepsPerEpoch(run.samples, run.batchSize) });
      }
      batchSize = run.batchSize;
      engine = new DpSgd(module, { noiseMultiplier: sigma, maxGradNorm, batchSize, samples: run.samples, generator, accountant });
    },
    batches(x: Tensor, y: Tensor) {
      running('batches');
      return poissonBatches(x, y, { batchSize, generator });
    },
    computeGradients(x: Tensor, y: Tensor, loss: LossFunction) {
      return running('computeGradients').computeGradients(x, y, loss);
    },
    epochLogs(): Logs {
      return { epsilon: accountant.getEpsilon(delta) };
    },
  };
}
