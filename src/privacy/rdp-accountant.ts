/**
 * The privacy ledger of a training run: how many sampled-Gaussian steps ran at which noise and
 * sampling rate, and the (ε, δ) they add up to (Opacus's `RDPAccountant`).
 */
import { ValueError } from '../core/index.js';
import { computeRdp } from './rdp-sampled-gaussian.js';
import { type EpsilonAtOrder, type RdpConversion, rdpToEpsilon } from './rdp-to-epsilon.js';

/**
 * The standard orders of TensorFlow Privacy and Opacus: 1.1, 1.2, …, 10.9 and 12, 13, …, 63.
 * Small orders matter for large ε, large orders for small ε.
 */
export const DEFAULT_RDP_ORDERS: readonly number[] = Object.freeze([
  ...Array.from({ length: 99 }, (_, i) => Math.round((1 + (i + 1) / 10) * 10) / 10),
  ...Array.from({ length: 52 }, (_, i) => 12 + i),
]);

/** Options of {@link RdpAccountant}. */
export interface RdpAccountantOptions {
  /** Orders α to track (default {@link DEFAULT_RDP_ORDERS}). */
  readonly orders?: readonly number[];
  /** RDP → (ε, δ) conversion (default 'improved', see rdp-to-epsilon.ts). */
  readonly conversion?: RdpConversion;
}

/**
 * Accumulates DP-SGD steps and reports the ε spent.
 *
 * @example
 * const accountant = new RdpAccountant();
 * accountant.step(1.1, 256 / 60000, 14063);
 * accountant.getEpsilon(1e-5); // ≈ 2.9
 */
export class RdpAccountant {
  readonly orders: readonly number[];
  readonly conversion: RdpConversion;
  /** Steps taken per (σ, q) pair, composed when ε is asked for. */
  private readonly history = new Map<string, { noiseMultiplier: number; sampleRate: number; steps: number }>();

  constructor(options: RdpAccountantOptions = {}) {
    this.orders = options.orders ?? DEFAULT_RDP_ORDERS;
    this.conversion = options.conversion ?? 'improved';
  }

  /**
   * Records `steps` steps at noise multiplier σ and sampling rate q.
   *
   * @throws ValueError for σ < 0, q outside [0, 1] or a steps count that is not a non-negative integer.
   */
  step(noiseMultiplier: number, sampleRate: number, steps = 1): void {
    if (!(noiseMultiplier >= 0)) throw new ValueError(`RdpAccountant.step: noiseMultiplier must be ≥ 0, got ${noiseMultiplier}`);
    if (!(sampleRate >= 0 && sampleRate <= 1)) throw new ValueError(`RdpAccountant.step: sampleRate must be in [0, 1], got ${sampleRate}`);
    if (!Number.isInteger(steps) || steps < 0) throw new ValueError(`RdpAccountant.step: steps must be a non-negative integer, got ${steps}`);
    const key = `${noiseMultiplier}|${sampleRate}`;
    const entry = this.history.get(key);
    if (entry === undefined) this.history.set(key, { noiseMultiplier, sampleRate, steps });
    else entry.steps += steps;
  }

  /** Steps recorded so far. */
  get steps(): number {
    return [...this.history.values()].reduce((n, e) => n + e.steps, 0);
  }

  /** ε and the best order for the steps so far at δ (0 before any step). */
  getPrivacySpent(delta: number): EpsilonAtOrder {
    const total = this.orders.map(() => 0);
    for (const { noiseMultiplier, sampleRate, steps } of this.history.values()) {
      computeRdp(sampleRate, noiseMultiplier, steps, this.orders).forEach((r, i) => (total[i]! += r));
    }
    return rdpToEpsilon(this.orders, total, delta, this.conversion);
  }

  /**
   * ε for the steps so far at δ.
   *
   * @throws ValueError for δ outside (0, 1).
   */
  getEpsilon(delta: number): number {
    return this.getPrivacySpent(delta).epsilon;
  }
}
