/**
 * MinMaxScaler: x' = (x − min) / (max − min) · (hi − lo) + lo per column, with the training
 * split's min and max, as scikit-learn's `MinMaxScaler` (computed as x·scale + offset with
 * scale = (hi − lo) / (max − min), offset = lo − min·scale). A constant column gets range 1.
 * Values outside the training range land outside [lo, hi] unless `clip` is set. Missing cells stay NaN.
 */
import { ValueError } from '../../core/index.js';
import type { Column, ColumnType, NumericColumn } from '../column.js';
import { mapPresent, requirePresent, safeScale } from './column-statistics.js';
import { ColumnStep } from './column-step.js';
import type { JsonValue } from './json-reader.js';
import { constructFromJson, openStepJson, readColumnsOption } from './preprocess-step.js';

/** Options of {@link MinMaxScaler}. */
export interface MinMaxScalerOptions {
  /** Numeric columns to scale (default: every numeric column). */
  readonly columns?: readonly string[];
  /** Target range [lo, hi] (default [0, 1]). */
  readonly featureRange?: readonly [number, number];
  /** Clip transformed values to featureRange (default false). */
  readonly clip?: boolean;
}

/**
 * Scales numeric columns to a range.
 *
 * @example
 * const scaler = new MinMaxScaler({ featureRange: [-1, 1] }).fit(train);
 * scaler.transform(test);
 */
export class MinMaxScaler extends ColumnStep {
  protected readonly accepts: readonly ColumnType[] = ['numeric'];
  readonly featureRange: readonly [number, number];
  readonly clip: boolean;
  private dataMin: number[] = [];
  private dataMax: number[] = [];

  /** @throws ValueError when featureRange is not two finite numbers with lo < hi. */
  constructor(options: MinMaxScalerOptions = {}) {
    super('MinMaxScaler', options.columns);
    const [lo, hi] = options.featureRange ?? [0, 1];
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) throw new ValueError(`MinMaxScaler: featureRange must be [lo, hi] with finite lo < hi, got [${lo}, ${hi}]`);
    this.featureRange = [lo, hi];
    this.clip = options.clip ?? false;
  }

  /** Training minimum and maximum per fitted column. */
  get range(): { min: readonly number[]; max: readonly number[] } {
    this.requireFitted('range');
    return { min: this.dataMin, max: this.dataMax };
  }

  /**
   * Restores a MinMaxScaler from {@link toJSON} output.
   *
   * @throws ModelFormatError for malformed JSON.
   * @example
   * const copy = MinMaxScaler.fromJSON(JSON.parse(JSON.stringify(scaler)));
   */
  static fromJSON(json: unknown): MinMaxScaler {
    const { options, state } = openStepJson(json, 'MinMaxScaler');
    const range = options.field('featureRange').numbers(2);
    const step = constructFromJson(options, () => new MinMaxScaler({ featureRange: [range[0]!, range[1]!], clip: options.field('clip').boolean(), ...readColumnsOption(options) }));
    if (!state.isNull()) {
      const columns = state.field('columns').strings();
      step.dataMin = state.field('min').numbers(columns.length);
      step.dataMax = state.field('max').numbers(columns.length);
      if (step.dataMin.some((m, j) => m > step.dataMax[j]!)) state.field('max').fail('numbers no smaller than min');
      step.restoreColumns(columns);
    }
    return step;
  }

  protected fitColumns(columns: readonly Column[]): void {
    const sorted = columns.map((c) => requirePresent('MinMaxScaler.fit', c as NumericColumn));
    this.dataMin = sorted.map((s) => s[0]!);
    this.dataMax = sorted.map((s) => s[s.length - 1]!);
  }

  protected transformColumn(column: Column, j: number): Column {
    const [lo, hi] = this.featureRange;
    const scale = (hi - lo) / safeScale(this.dataMax[j]! - this.dataMin[j]!);
    const offset = lo - this.dataMin[j]! * scale;
    return mapPresent(column as NumericColumn, (v) => {
      const y = v * scale + offset;
      return this.clip ? Math.min(hi, Math.max(lo, y)) : y;
    });
  }

  protected optionsJson(): { readonly [key: string]: JsonValue } {
    return { featureRange: [...this.featureRange], clip: this.clip, columns: this.requested === undefined ? null : [...this.requested] };
  }

  protected stateJson(): { readonly [key: string]: JsonValue } {
    return { min: [...this.dataMin], max: [...this.dataMax] };
  }
}
