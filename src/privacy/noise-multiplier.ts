/**
 * Calibrating DP-SGD: the smallest noise multiplier whose ε after the planned steps stays within
 * a target (Opacus's `get_noise_multiplier`), and ε for a planned run (TensorFlow Privacy's
 * `compute_dp_sgd_privacy`).
 */
import { ValueError } from '../core/index.js';
import { RdpAccountant, type RdpAccountantOptions } from './rdp-accountant.js';

/** A DP-SGD run: n examples, Poisson batches of expected size B, for some epochs. */
export interface TrainingPlan {
  /** Examples in the training set (n). */
  readonly samples: number;
  /** Expected batch size B; the sampling rate is q = B / n. */
  readonly batchSize: number;
  /** Passes over the data. */
  readonly epochs: number;
  /**
   * Steps per epoch when the trainer fixes them (fit's Poisson sampling takes ⌈n / B⌉); without
   * it the run takes ⌈epochs · n / B⌉ steps, as TensorFlow Privacy's compute_dp_sgd_privacy counts.
   */
  readonly stepsPerEpoch?: number;
}

/** Sampling rate and step count of a plan, validated. */
export function planSteps(op: string, plan: TrainingPlan): { sampleRate: number; steps: number } {
  const { samples, batchSize, epochs } = plan;
  if (!Number.isInteger(samples) || samples < 1) throw new ValueError(`${op}: samples (n) must be a positive integer, got ${samples}`);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > samples) {
    throw new ValueError(`${op}: batchSize must be an integer in [1, ${samples}] (the number of samples), got ${batchSize}`);
  }
  if (!(epochs > 0) || !Number.isFinite(epochs)) throw new ValueError(`${op}: epochs must be a positive number, got ${epochs}`);
  const perEpoch = plan.stepsPerEpoch;
  if (perEpoch !== undefined && (!Number.isInteger(perEpoch) || perEpoch < 1)) throw new ValueError(`${op}: stepsPerEpoch must be a positive integer, got ${perEpoch}`);
  const steps = perEpoch === undefined ? Math.ceil((epochs * samples) / batchSize) : Math.ceil(epochs * perEpoch);
  return { sampleRate: batchSize / samples, steps };
}

/**
 * ε after a planned DP-SGD run.
 *
 * @throws ValueError for a malformed plan, σ < 0 or δ outside (0, 1).
 * @example
 * epsilonForPlan({ samples: 60000, batchSize: 256, epochs: 60 }, 1.1, 1e-5); // ≈ 2.9
 */
export function epsilonForPlan(plan: TrainingPlan, noiseMultiplier: number, delta: number, options: RdpAccountantOptions = {}): number {
  const { sampleRate, steps } = planSteps('epsilonForPlan', plan);
  const accountant = new RdpAccountant(options);
  accountant.step(noiseMultiplier, sampleRate, steps);
  return accountant.getEpsilon(delta);
}

/**
 * The smallest noise multiplier σ (to within 0.1 % relative) whose ε after the plan is at most
 * `targetEpsilon`, by bisection: ε falls monotonically as σ grows.
 *
 * @throws ValueError for a non-positive or non-finite target, δ outside (0, 1), a malformed plan,
 *   or a target no σ up to 10⁴ reaches.
 * @example
 * findNoiseMultiplier(3, 1e-5, { samples: 60000, batchSize: 256, epochs: 60 }); // ≈ 1.1
 */
export function findNoiseMultiplier(targetEpsilon: number, delta: number, plan: TrainingPlan, options: RdpAccountantOptions = {}): number {
  if (!(targetEpsilon > 0) || !Number.isFinite(targetEpsilon)) {
    throw new ValueError(`findNoiseMultiplier: targetEpsilon must be a positive finite number, got ${targetEpsilon}`);
  }
  if (!(delta > 0 && delta < 1)) throw new ValueError(`findNoiseMultiplier: delta must be in (0, 1), got ${delta}`);
  planSteps('findNoiseMultiplier', plan);
  const epsilon = (sigma: number): number => epsilonForPlan(plan, sigma, delta, options);
  let low = 0;
  let high = 1;
  while (epsilon(high) > targetEpsilon) {
    low = high;
    high *= 2;
    if (high > 1e4) throw new ValueError(`findNoiseMultiplier: no noise multiplier up to 10⁴ reaches ε = ${targetEpsilon} at δ = ${delta} for this plan`);
  }
  while (high - low > 1e-3 * high) {
    const mid = (low + high) / 2;
    if (epsilon(mid) > targetEpsilon) low = mid;
    else high = mid;
  }
  return high;
}
