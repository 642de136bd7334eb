/**
 * MissingIndicator: a 0/1 numeric column `<name>_missing` per column, 1 where the cell is missing,
 * so a model can still use "this value was not given" after imputation hides it (scikit-learn's
 * `MissingIndicator`). With `features: 'missingOnly'` (the default, as scikit-learn's
 * 'missing-only') only columns with a missing cell in the training split get an indicator;
 * `'all'` gives every column one. Indicators are appended after the table's columns.
 */
import { DataError, ValueError } from '../../core/index.js';
import { missingMask, numericColumn, type Column, type ColumnType, type NumericColumn } from '../column.js';
import type { Table } from '../table.js';
import { ColumnStep } from './column-step.js';
import type { JsonValue } from './json-reader.js';
import { constructFromJson, openStepJson, readColumnsOption } from './preprocess-step.js';

/** Options of {@link MissingIndicator}. */
export interface MissingIndicatorOptions {
  /** Columns to watch (default: every column). */
  readonly columns?: readonly string[];
  /** 'missingOnly' (default): only columns with a missing training cell; 'all': every column. */
  readonly features?: 'missingOnly' | 'all';
}

/**
 * Adds missing-indicator columns.
 *
 * @example
 * const ind = new MissingIndicator().fit(train);
 * ind.transform(test).names; // [..., 'age_missing']
 */
export class MissingIndicator extends ColumnStep {
  protected readonly accepts: readonly ColumnType[] = ['numeric', 'categorical', 'boolean', 'text'];
  readonly features: 'missingOnly' | 'all';
  private indicated: boolean[] = [];

  /** @throws ValueError for an unknown `features` value. */
  constructor(options: MissingIndicatorOptions = {}) {
    super('MissingIndicator', options.columns);
    this.features = options.features ?? 'missingOnly';
    if (this.features !== 'missingOnly' && this.features !== 'all') throw new ValueError(`MissingIndicator: features must be 'missingOnly' or 'all', got '${String(this.features)}'`);
  }

  /**
   * The indicator of one column: 1 where missing, else 0.
   *
   * @example
   * MissingIndicator.indicatorFor(numericColumn('age', [1, null])).values; // [0, 1]
   */
  static indicatorFor(column: Column): NumericColumn {
    return numericColumn(`${column.name}_missing`, Float64Array.from(missingMask(column)));
  }

  /** The names of the indicator columns this step adds. */
  get indicatorNames(): string[] {
    return this.columns.filter((_, j) => this.indicated[j]).map((n) => `${n}_missing`);
  }

  /**
   * Restores a MissingIndicator from {@link toJSON} output.
   *
   * @throws ModelFormatError for malformed JSON.
   * @example
   * const copy = MissingIndicator.fromJSON(JSON.parse(JSON.stringify(ind)));
   */
  static fromJSON(json: unknown): MissingIndicator {
    const { options, state } = openStepJson(json, 'MissingIndicator');
    const step = constructFromJson(options, () => new MissingIndicator({ features: options.field('features').oneOf(['missingOnly', 'all'] as const), ...readColumnsOption(options) }));
    if (!state.isNull()) {
      const columns = state.field('columns').strings();
      step.indicated = state.field('indicated').array().map((r) => r.boolean());
      if (step.indicated.length !== columns.length) state.field('indicated').fail(`an array of ${columns.length} booleans`);
      step.restoreColumns(columns);
    }
    return step;
  }

  protected fitColumns(columns: readonly Column[]): void {
    this.indicated = columns.map((c) => this.features === 'all' || missingMask(c).some((m) => m === 1));
  }

  protected transformColumn(column: Column): Column {
    return column;
  }

  protected override finish(transformed: Table, input: Table): Table {
    let out = transformed;
    this.columns.forEach((name, j) => {
      if (!this.indicated[j]) return;
      const indicator = MissingIndicator.indicatorFor(input.column(name));
      if (input.has(indicator.name)) throw new DataError(`MissingIndicator: the indicator of '${name}' would replace the existing column '${indicator.name}'; rename it`);
      out = out.withColumn(indicator);
    });
    return out;
  }

  protected optionsJson(): { readonly [key: string]: JsonValue } {
    return { features: this.features, columns: this.requested === undefined ? null : [...this.requested] };
  }

  protected stateJson(): { readonly [key: string]: JsonValue } {
    return { indicated: [...this.indicated] };
  }
}
