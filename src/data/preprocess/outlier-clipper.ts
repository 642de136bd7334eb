/**
 * OutlierClipper: clips each numeric column to bounds learned from the training split (winsorising),
 * so a few extreme values do not dominate a scaler or a model:
 *
 * - `quantile`: [q_lower, q_upper] of the present values (linear interpolation, as `np.quantile`),
 *   by default the 1st and 99th percentiles;
 * - `zscore`: mean ± threshold · std (population std), by default 3 standard deviations.
 *
 * Values beyond the bounds are set to them and counted in the report ('clipped'); missing cells
 * stay NaN.
 */
import { ValueError } from '../../core/index.js';
import type { Column, ColumnType, NumericColumn } from '../column.js';
import { mapPresent, meanAndStd, quantileOfSorted, requirePresent } from './column-statistics.js';
import { ColumnStep } from './column-step.js';
import type { JsonValue } from './json-reader.js';
import { constructFromJson, openStepJson, readColumnsOption } from './preprocess-step.js';
import type { TransformReport } from './transform-report.js';

/** Options of {@link OutlierClipper}. */
export interface OutlierClipperOptions {
  /** 'quantile' (default) or 'zscore'. */
  readonly method?: 'quantile' | 'zscore';
  /** Lower quantile for 'quantile', in [0, 1) (default 0.01). */
  readonly lower?: number;
  /** Upper quantile for 'quantile', in (lower, 1] (default 0.99). */
  readonly upper?: number;
  /** Standard deviations from the mean for 'zscore', > 0 (default 3). */
  readonly threshold?: number;
  /** Numeric columns to clip (default: every numeric column). */
  readonly columns?: readonly string[];
}

/**
 * Clips outliers to training bounds.
 *
 * @example
 * const clipper = new OutlierClipper({ method: 'zscore', threshold: 4 }).fit(train);
 * clipper.transform(test, report);
 */
export class OutlierClipper extends ColumnStep {
  protected readonly accepts: readonly ColumnType[] = ['numeric'];
  readonly method: 'quantile' | 'zscore';
  readonly lower: number;
  readonly upper: number;
  readonly threshold: number;
  private lows: number[] = [];
  private highs: number[] = [];

  /** @throws ValueError for an unknown method or bounds out of range. */
  constructor(options: OutlierClipperOptions = {}) {
    super('OutlierClipper', options.columns);
    this.method = options.method ?? 'quantile';
    this.lower = options.lower ?? 0.01;
    this.upper = options.upper ?? 0.99;
    this.threshold = options.threshold ?? 3;
    if (this.method !== 'quantile' && this.method !== 'zscore') throw new ValueError(`OutlierClipper: method must be 'quantile' or 'zscore', got '${String(this.method)}'`);
    if (!(this.lower >= 0 && this.lower < this.upper && this.upper <= 1)) throw new ValueError(`OutlierClipper: quantiles must satisfy 0 <= lower < upper <= 1, got lower ${this.lower}, upper ${this.upper}`);
    if (!(this.threshold > 0 && Number.isFinite(this.threshold))) throw new ValueError(`OutlierClipper: threshold must be a positive number, got ${this.threshold}`);
  }

  /** The learned [low, high] bounds per fitted column. */
  get bounds(): readonly (readonly [number, number])[] {
    this.requireFitted('bounds');
    return this.lows.map((lo, j) => [lo, this.highs[j]!] as const);
  }

  /**
   * Restores an OutlierClipper from {@link toJSON} output.
   *
   * @throws ModelFormatError for malformed JSON.
   * @example
   * const copy = OutlierClipper.fromJSON(JSON.parse(JSON.stringify(clipper)));
   */
  static fromJSON(json: unknown): OutlierClipper {
    const { options, state } = openStepJson(json, 'OutlierClipper');
    const step = constructFromJson(options, () => new OutlierClipper({
      method: options.field('method').oneOf(['quantile', 'zscore'] as const),
      lower: options.field('lower').number(),
      upper: options.field('upper').number(),
      threshold: options.field('threshold').number(),
      ...readColumnsOption(options),
    }));
    if (!state.isNull()) {
      const columns = state.field('columns').strings();
      step.lows = state.field('low').numbers(columns.length);
      step.highs = state.field('high').numbers(columns.length);
      if (step.lows.some((lo, j) => lo > step.highs[j]!)) state.field('high').fail('numbers no smaller than low');
      step.restoreColumns(columns);
    }
    return step;
  }

  protected fitColumns(columns: readonly Column[]): void {
    const sorted = columns.map((c) => requirePresent('OutlierClipper.fit', c as NumericColumn));
    if (this.method === 'quantile') {
      this.lows = sorted.map((s) => quantileOfSorted(s, this.lower));
      this.highs = sorted.map((s) => quantileOfSorted(s, this.upper));
    } else {
      const stats = sorted.map(meanAndStd);
      this.lows = stats.map((s) => s.mean - this.threshold * s.std);
      this.highs = stats.map((s) => s.mean + this.threshold * s.std);
    }
  }

  protected transformColumn(column: Column, j: number, report: TransformReport | undefined): Column {
    const lo = this.lows[j]!;
    const hi = this.highs[j]!;
    let clipped = 0;
    const out = mapPresent(column as NumericColumn, (v) => {
      if (v < lo || v > hi) clipped++;
      return Math.min(hi, Math.max(lo, v));
    });
    report?.add('clipped', column.name, clipped);
    return out;
  }

  protected optionsJson(): { readonly [key: string]: JsonValue } {
    return { method: this.method, lower: this.lower, upper: this.upper, threshold: this.threshold, columns: this.requested === undefined ? null : [...this.requested] };
  }

  protected stateJson(): { readonly [key: string]: JsonValue } {
    return { low: [...this.lows], high: [...this.highs] };
  }
}
