/**
 * RobustScaler: x' = (x − median) / (q_hi − q_lo) per column, the interquartile range by default
 * (quantileRange [25, 75]), with the training split's quantiles interpolated linearly as
 * `np.nanpercentile`, as scikit-learn's `RobustScaler`. Outliers barely move the median and IQR,
 * so they do not squash the bulk of the data as they do a standard scaler. A zero IQR becomes 1.
 */
import { ValueError } from '../../core/index.js';
import type { Column, ColumnType, NumericColumn } from '../column.js';
import { mapPresent, quantileOfSorted, requirePresent, safeScale } from './column-statistics.js';
import { ColumnStep } from './column-step.js';
import type { JsonValue } from './json-reader.js';
import { constructFromJson, openStepJson, readColumnsOption } from './preprocess-step.js';

/** Options of {@link RobustScaler}. */
export interface RobustScalerOptions {
  /** Numeric columns to scale (default: every numeric column). */
  readonly columns?: readonly string[];
  /** Subtract the median (default true). */
  readonly withCentering?: boolean;
  /** Divide by the quantile range (default true). */
  readonly withScaling?: boolean;
  /** Percentiles [lo, hi] of the range, 0 ≤ lo < hi ≤ 100 (default [25, 75]). */
  readonly quantileRange?: readonly [number, number];
}

/**
 * Centres on the median and scales by the interquartile range.
 *
 * @example
 * const scaler = new RobustScaler().fit(train);
 * scaler.transform(test);
 */
export class RobustScaler extends ColumnStep {
  protected readonly accepts: readonly ColumnType[] = ['numeric'];
  readonly withCentering: boolean;
  readonly withScaling: boolean;
  readonly quantileRange: readonly [number, number];
  private centers: number[] = [];
  private scales: number[] = [];

  /** @throws ValueError for a quantileRange outside 0 ≤ lo < hi ≤ 100. */
  constructor(options: RobustScalerOptions = {}) {
    super('RobustScaler', options.columns);
    const [lo, hi] = options.quantileRange ?? [25, 75];
    if (!(lo >= 0 && lo < hi && hi <= 100)) throw new ValueError(`RobustScaler: quantileRange must satisfy 0 <= lo < hi <= 100, got [${lo}, ${hi}]`);
    this.quantileRange = [lo, hi];
    this.withCentering = options.withCentering ?? true;
    this.withScaling = options.withScaling ?? true;
  }

  /** Median per fitted column (0 without centering). */
  get center(): readonly number[] {
    this.requireFitted('center');
    return this.centers;
  }

  /** Quantile range per fitted column (1 when zero or without scaling). */
  get scale(): readonly number[] {
    this.requireFitted('scale');
    return this.scales;
  }

  /**
   * Restores a RobustScaler from {@link toJSON} output.
   *
   * @throws ModelFormatError for malformed JSON.
   * @example
   * const copy = RobustScaler.fromJSON(JSON.parse(JSON.stringify(scaler)));
   */
  static fromJSON(json: unknown): RobustScaler {
    const { options, state } = openStepJson(json, 'RobustScaler');
    const range = options.field('quantileRange').numbers(2);
    const step = constructFromJson(options, () => new RobustScaler({
      withCentering: options.field('withCentering').boolean(),
      withScaling: options.field('withScaling').boolean(),
      quantileRange: [range[0]!, range[1]!],
      ...readColumnsOption(options),
    }));
    if (!state.isNull()) {
      const columns = state.field('columns').strings();
      step.centers = state.field('center').numbers(columns.length);
      step.scales = state.field('scale').numbers(columns.length);
      if (step.scales.some((s) => s === 0)) state.field('scale').fail('non-zero numbers');
      step.restoreColumns(columns);
    }
    return step;
  }

  protected fitColumns(columns: readonly Column[]): void {
    const [lo, hi] = this.quantileRange;
    const sorted = columns.map((c) => requirePresent('RobustScaler.fit', c as NumericColumn));
    this.centers = sorted.map((s) => (this.withCentering ? quantileOfSorted(s, 0.5) : 0));
    this.scales = sorted.map((s) => (this.withScaling ? safeScale(quantileOfSorted(s, hi / 100) - quantileOfSorted(s, lo / 100)) : 1));
  }

  protected transformColumn(column: Column, j: number): Column {
    const center = this.centers[j]!;
    const scale = this.scales[j]!;
    return mapPresent(column as NumericColumn, (v) => (v - center) / scale);
  }

  protected optionsJson(): { readonly [key: string]: JsonValue } {
    return {
      withCentering: this.withCentering,
      withScaling: this.withScaling,
      quantileRange: [...this.quantileRange],
      columns: this.requested === undefined ? null : [...this.requested],
    };
  }

  protected stateJson(): { readonly [key: string]: JsonValue } {
    return { center: [...this.centers], scale: [...this.scales] };
  }
}
