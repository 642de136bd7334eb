/**
 * Activation range calibration: the range of a layer's input over sample data, from which its int8
 * scale and zero point follow (see quantization-params.ts). Two methods:
 *
 * - 'minmax' (the default): the smallest and largest value seen. Nothing saturates on data like the
 *   calibration set, at the price of coarser steps when a few values are extreme.
 * - 'percentile': the p-th and (100 − p)-th percentiles of all values seen (p = 99.99 by default),
 *   clipping rare outliers for finer steps (Wu et al. 2020, "Integer Quantization for Deep Learning
 *   Inference"). It keeps every value seen, so calibrate on a few thousand samples, not millions.
 */
import { type Tensor, ValueError } from '../core/index.js';
import { affineParams, type AffineInt8Params } from './quantization-params.js';

/** How activation ranges are calibrated. */
export type CalibrationMethod = 'minmax' | 'percentile';

/** Options of {@link ActivationObserver}. */
export interface ActivationObserverOptions {
  /** 'minmax' (default) or 'percentile'. */
  readonly method?: CalibrationMethod;
  /** Upper percentile for 'percentile', in (50, 100]; default 99.99. */
  readonly percentile?: number;
}

/**
 * Records the values a layer receives during calibration.
 *
 * @example
 * const observer = new ActivationObserver();
 * observer.update(x);
 * const { scale, zeroPoint } = observer.params();
 */
export class ActivationObserver {
  private min = Infinity;
  private max = -Infinity;
  private readonly kept: Float32Array[] = [];
  readonly method: CalibrationMethod;
  readonly percentile: number;

  /** @throws ValueError for an unknown method or a percentile outside (50, 100]. */
  constructor(options: ActivationObserverOptions = {}) {
    this.method = options.method ?? 'minmax';
    if (this.method !== 'minmax' && this.method !== 'percentile') {
      throw new ValueError(`ActivationObserver: method must be 'minmax' or 'percentile', got ${JSON.stringify(this.method)}`);
    }
    this.percentile = options.percentile ?? 99.99;
    if (!(this.percentile > 50 && this.percentile <= 100)) {
      throw new ValueError(`ActivationObserver: percentile must be in (50, 100], got ${this.percentile}`);
    }
  }

  /** Adds a batch of values (NaN and ±Inf are ignored). */
  update(x: Tensor): void {
    const values = x.dataSync();
    if (this.method === 'percentile') {
      const finite = Float32Array.from(values).filter(Number.isFinite);
      this.kept.push(finite);
    }
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
    }
  }

  /**
   * The calibrated range [min, max].
   *
   * @throws ValueError before any finite value was seen.
   */
  range(): { readonly min: number; readonly max: number } {
    if (this.min > this.max) throw new ValueError('ActivationObserver: no finite value was observed; calibrate with at least one sample');
    if (this.method === 'minmax' || this.percentile === 100) return { min: this.min, max: this.max };
    const all = new Float32Array(this.kept.reduce((n, part) => n + part.length, 0));
    let at = 0;
    for (const part of this.kept) {
      all.set(part, at);
      at += part.length;
    }
    all.sort();
    const rank = (p: number): number => all[Math.min(all.length - 1, Math.max(0, Math.round((p / 100) * (all.length - 1))))]!;
    return { min: rank(100 - this.percentile), max: rank(this.percentile) };
  }

  /** Scale and zero point for the calibrated range. @throws ValueError as {@link range}. */
  params(): AffineInt8Params {
    const { min, max } = this.range();
    return affineParams(min, max);
  }
}
