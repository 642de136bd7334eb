/**
 * DP-SGD as a gradient computation (Abadi et al. 2016, "Deep Learning with Differential Privacy",
 * Algorithm 1): per-example gradients clipped to norm C, summed, Gaussian noise N(0, σ²C²) added,
 * divided by the expected batch size — then any optimiser steps on the result (Opacus's
 * DPOptimizer does the same before the wrapped optimiser's step). Each call is one step of the
 * sampled Gaussian mechanism, recorded in the accountant.
 */
import { Generator, noGrad, randn, type Tensor, ValueError } from '../core/index.js';
import type { LossFunction } from '../losses/index.js';
import type { Module } from '../nn/index.js';
import { checkPerExampleSupport } from './layer-calls.js';
import { planSteps } from './noise-multiplier.js';
import { clippedGradientSum } from './per-example-gradients.js';
import { RdpAccountant } from './rdp-accountant.js';

/** Options of {@link DpSgd}. */
export interface DpSgdOptions {
  /** σ: the noise standard deviation in units of maxGradNorm. */
  readonly noiseMultiplier: number;
  /** C: the L2 bound on each example's gradient (over all parameters together). */
  readonly maxGradNorm: number;
  /** Expected batch size B of the Poisson sampling (see poissonBatches); gradients are divided by it. */
  readonly batchSize: number;
  /** Examples in the training set, n; the sampling rate is q = B / n. */
  readonly samples: number;
  /** Source of the noise (default: a generator seeded with 0). */
  readonly generator?: Generator;
  /** Ledger to record steps in (default: a new one). */
  readonly accountant?: RdpAccountant;
}

/** What {@link DpSgd.computeGradients} returns. */
export interface PrivateStep {
  /** Mean loss over the batch (not private: for monitoring only), or null for an empty batch. */
  readonly loss: Tensor | null;
  /** The model's output for the batch, or null for an empty batch. */
  readonly prediction: Tensor | null;
}

/**
 * A DP-SGD gradient step for custom training loops (PyTorch style).
 *
 * @example
 * const dp = new DpSgd(model, { noiseMultiplier: 1.1, maxGradNorm: 1, batchSize: 256, samples: x.shape[0] });
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   for (const [bx, by] of poissonBatches(x, y, { batchSize: 256, generator })) {
 *     dp.computeGradients(bx, by, crossEntropy); // sets every parameter's .grad
 *     optimizer.step();
 *   }
 *   console.log(`ε = ${dp.epsilon(1e-5)}`);
 * }
 */
export class DpSgd {
  readonly noiseMultiplier: number;
  readonly maxGradNorm: number;
  readonly batchSize: number;
  /** q = batchSize / samples. */
  readonly sampleRate: number;
  readonly accountant: RdpAccountant;
  private readonly generator: Generator;

  /**
   * @throws ValueError for σ < 0, C ≤ 0, a batch size outside [1, samples], or a model with a layer
   *   that has no per-example rule (batch norm: use GroupNorm or LayerNorm).
   */
  constructor(
    readonly module: Module,
    options: DpSgdOptions,
  ) {
    const { noiseMultiplier, maxGradNorm } = options;
    if (!(noiseMultiplier >= 0) || !Number.isFinite(noiseMultiplier)) throw new ValueError(`DpSgd: noiseMultiplier must be a finite number ≥ 0, got ${noiseMultiplier}`);
    if (!(maxGradNorm > 0) || !Number.isFinite(maxGradNorm)) throw new ValueError(`DpSgd: maxGradNorm must be a positive number, got ${maxGradNorm}`);
    this.sampleRate = planSteps('DpSgd', { samples: options.samples, batchSize: options.batchSize, epochs: 1 }).sampleRate;
    checkPerExampleSupport(module);
    this.noiseMultiplier = noiseMultiplier;
    this.maxGradNorm = maxGradNorm;
    this.batchSize = options.batchSize;
    this.generator = options.generator ?? new Generator(0);
    this.accountant = options.accountant ?? new RdpAccountant();
  }

  /**
   * Sets each trainable parameter's `.grad` to (Σ_b clip_C(g_b) + N(0, σ²C²)) / B for the batch
   * (x, y) — possibly empty under Poisson sampling, when only noise is added — and records the step.
   *
   * @param loss A loss that accepts `{ reduction: 'none' }`.
   * @throws as `clippedGradientSum`.
   */
  computeGradients(x: Tensor, y: Tensor, loss: LossFunction): PrivateStep {
    const params = this.module.parameters().filter((p) => p.requiresGrad);
    const empty = x.shape[0] === 0;
    const clipped = empty ? null : clippedGradientSum(this.module, x, y, loss, this.maxGradNorm);
    noGrad(() => {
      const std = this.noiseMultiplier * this.maxGradNorm;
      for (const p of params) {
        const noise = randn(p.shape, { generator: this.generator, dtype: p.dtype }).mul(std);
        const sum = clipped?.sums.get(p);
        p.grad = (sum === undefined ? noise : sum.add(noise)).div(this.batchSize);
      }
    });
    this.accountant.step(this.noiseMultiplier, this.sampleRate);
    return { loss: clipped?.loss ?? null, prediction: clipped?.prediction ?? null };
  }

  /** ε spent so far at δ. */
  epsilon(delta: number): number {
    return this.accountant.getEpsilon(delta);
  }
}
