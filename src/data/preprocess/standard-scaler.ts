/**
 * StandardScaler: z = (x − mean) / std per column, with the mean and the population standard
 * deviation (ddof = 0) of the training split, as scikit-learn's `StandardScaler`. A constant column
 * gets std 1 (so it maps to 0, not NaN); missing cells stay NaN.
 */
import type { Column, ColumnType, NumericColumn } from '../column.js';
import { mapPresent, meanAndStd, requirePresent, safeScale } from './column-statistics.js';
import { ColumnStep } from './column-step.js';
import type { JsonValue } from './json-reader.js';
import { constructFromJson, openStepJson, readColumnsOption } from './preprocess-step.js';

/** Options of {@link StandardScaler}. */
export interface StandardScalerOptions {
  /** Numeric columns to scale (default: every numeric column). */
  readonly columns?: readonly string[];
  /** Subtract the mean (default true). */
  readonly withMean?: boolean;
  /** Divide by the standard deviation (default true). */
  readonly withStd?: boolean;
}

/**
 * Standardises numeric columns.
 *
 * @example
 * const scaler = new StandardScaler().fit(train);
 * scaler.transform(test); // numeric columns with training mean 0, std 1
 */
export class StandardScaler extends ColumnStep {
  protected readonly accepts: readonly ColumnType[] = ['numeric'];
  readonly withMean: boolean;
  readonly withStd: boolean;
  private means: number[] = [];
  private scales: number[] = [];

  constructor(options: StandardScalerOptions = {}) {
    super('StandardScaler', options.columns);
    this.withMean = options.withMean ?? true;
    this.withStd = options.withStd ?? true;
  }

  /** Training mean per fitted column (0 when withMean is false). */
  get mean(): readonly number[] {
    this.requireFitted('mean');
    return this.means;
  }

  /** Divisor per fitted column: the std, 1 for a constant column or when withStd is false. */
  get scale(): readonly number[] {
    this.requireFitted('scale');
    return this.scales;
  }

  /**
   * Restores a StandardScaler from {@link toJSON} output.
   *
   * @throws ModelFormatError for malformed JSON (a missing or non-finite number, a length mismatch).
   * @example
   * const copy = StandardScaler.fromJSON(JSON.parse(JSON.stringify(scaler)));
   */
  static fromJSON(json: unknown): StandardScaler {
    const { options, state } = openStepJson(json, 'StandardScaler');
    const step = constructFromJson(options, () => new StandardScaler({ withMean: options.field('withMean').boolean(), withStd: options.field('withStd').boolean(), ...readColumnsOption(options) }));
    if (!state.isNull()) {
      const columns = state.field('columns').strings();
      step.means = state.field('mean').numbers(columns.length);
      step.scales = state.field('scale').numbers(columns.length);
      if (step.scales.some((s) => s === 0)) state.field('scale').fail('non-zero numbers');
      step.restoreColumns(columns);
    }
    return step;
  }

  protected fitColumns(columns: readonly Column[]): void {
    const stats = columns.map((c) => meanAndStd(requirePresent('StandardScaler.fit', c as NumericColumn)));
    this.means = stats.map((s) => (this.withMean ? s.mean : 0));
    this.scales = stats.map((s) => (this.withStd ? safeScale(s.std) : 1));
  }

  protected transformColumn(column: Column, j: number): Column {
    const mean = this.means[j]!;
    const scale = this.scales[j]!;
    return mapPresent(column as NumericColumn, (v) => (v - mean) / scale);
  }

  protected optionsJson(): { readonly [key: string]: JsonValue } {
    return { withMean: this.withMean, withStd: this.withStd, columns: this.requested === undefined ? null : [...this.requested] };
  }

  protected stateJson(): { readonly [key: string]: JsonValue } {
    return { mean: [...this.means], scale: [...this.scales] };
  }
}

