/**
 * `sprout privacy epsilon`: the (ε, δ) a DP-SGD run would spend, from the Rényi-DP accountant
 * (TensorFlow Privacy's `compute_dp_sgd_privacy`, with Opacus's improved RDP → (ε, δ) conversion).
 */
import { CliError } from '../cli-error.js';
import { DEFAULT_RDP_ORDERS, RdpAccountant, type RdpConversion } from '../../privacy/index.js';
import { planSteps } from '../../privacy/noise-multiplier.js';

/** Options of {@link privacyEpsilonCommand}. */
export interface PrivacyEpsilonOptions {
  /** σ, the noise multiplier. */
  readonly noise: number;
  /** Expected batch size B (Poisson sampling rate B / n). */
  readonly batch: number;
  /** Training examples n. */
  readonly n: number;
  readonly epochs: number;
  readonly delta: number;
  /** 'improved' (default) or 'classic' RDP → (ε, δ) conversion. */
  readonly conversion?: RdpConversion;
  /** End the output with one JSON line. */
  readonly json: boolean;
}

/**
 * Prints ε for the run, and with `json` a last line `{"epsilon": …, …}`.
 *
 * @throws CliError for σ < 0 or δ outside (0, 1); ValueError for a batch larger than n or
 *   non-positive epochs (both exit with status 2).
 * @example
 * privacyEpsilonCommand({ noise: 1.1, batch: 256, n: 60000, epochs: 60, delta: 1e-5, json: false });
 */
export function privacyEpsilonCommand(options: PrivacyEpsilonOptions): void {
  const { noise, batch, n, epochs, delta } = options;
  const conversion = options.conversion ?? 'improved';
  if (!(noise >= 0) || !Number.isFinite(noise)) throw new CliError(`privacy epsilon: --noise must be a number >= 0, got ${noise}`);
  if (!(delta > 0 && delta < 1)) throw new CliError(`privacy epsilon: --delta must be in (0, 1), got ${delta}`);
  const { sampleRate, steps } = planSteps('privacy epsilon', { samples: n, batchSize: batch, epochs });
  const accountant = new RdpAccountant({ orders: DEFAULT_RDP_ORDERS, conversion });
  accountant.step(noise, sampleRate, steps);
  const { epsilon, order } = accountant.getPrivacySpent(delta);
  const count = (v: number): string => v.toLocaleString('en-US');
  process.stdout.write(
    `DP-SGD with noise multiplier ${noise}, Poisson sampling rate ${(sampleRate * 100).toPrecision(3)} % (expected batch ${count(batch)} of ${count(n)}), ` +
      `${count(steps)} steps (${epochs} epochs):\n` +
      `  epsilon = ${epsilon.toFixed(4)} at delta = ${delta} (RDP accountant, best order ${order}, ${conversion} conversion)\n`,
  );
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ epsilon, delta, noiseMultiplier: noise, sampleRate, steps, order, conversion })}\n`);
  }
}
