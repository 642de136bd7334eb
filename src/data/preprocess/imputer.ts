/**
 * Imputer: fills missing cells with a value learned from the training split, as scikit-learn's
 * `SimpleImputer`:
 *
 * - `mean` / `median` (numeric columns): over the present values; the median of an even count is
 *   the mean of the middle two;
 * - `mostFrequent` (any column): the most common present value, ties going to the smallest in
 *   Table order (numbers by value, then strings), as scikit-learn picks the smallest;
 * - `constant`: `fillValue` — a number fills numeric columns, a string categorical and text ones, a
 *   boolean boolean ones; without it every column is filled with 0, 'missing' or false by type.
 *
 * With `addIndicator`, a 0/1 column `<name>_missing` is appended for every column that had a missing
 * cell in training (scikit-learn's `add_indicator=True`). A missing cell met at prediction time in
 * a column that had none in training is filled too, and counted in the report.
 */
import { DataError, ValueError } from '../../core/index.js';
import { booleanColumn, categoricalColumn, missingMask, numericColumn, textColumn, type Column, type ColumnType } from '../column.js';
import type { Table } from '../table.js';
import { columnLabels, sortedLabels } from './column-labels.js';
import { sortedPresent, quantileOfSorted, meanAndStd } from './column-statistics.js';
import { ColumnStep } from './column-step.js';
import type { JsonReader, JsonValue } from './json-reader.js';
import { MissingIndicator } from './missing-indicator.js';
import { constructFromJson, openStepJson, readColumnsOption } from './preprocess-step.js';
import type { TransformReport } from './transform-report.js';

/** How an {@link Imputer} chooses the fill value. */
export type ImputeStrategy = 'mean' | 'median' | 'mostFrequent' | 'constant';

const STRATEGIES: readonly ImputeStrategy[] = ['mean', 'median', 'mostFrequent', 'constant'];

/** A fill value: a number (numeric), a label (categorical, text) or a truth value (boolean). */
export type FillValue = number | string | boolean;

/** Options of {@link Imputer}. */
export interface ImputerOptions {
  readonly strategy: ImputeStrategy;
  /** The value for `constant` (default 0, 'missing' or false by column type). */
  readonly fillValue?: FillValue;
  /** Columns to fill (default: every column the strategy applies to; numeric only for mean/median). */
  readonly columns?: readonly string[];
  /** Append `<name>_missing` 0/1 columns for columns with missing training cells (default false). */
  readonly addIndicator?: boolean;
}

/**
 * Fills missing cells.
 *
 * @example
 * const imputer = new Imputer({ strategy: 'median' }).fit(train);
 * const filled = imputer.transform(test);
 */
export class Imputer extends ColumnStep {
  protected readonly accepts: readonly ColumnType[];
  readonly strategy: ImputeStrategy;
  readonly fillValue: FillValue | undefined;
  readonly addIndicator: boolean;
  private fills: FillValue[] = [];
  private indicated: boolean[] = [];

  /** @throws ValueError for an unknown strategy or a fillValue without strategy 'constant'. */
  constructor(options: ImputerOptions) {
    super('Imputer', options.columns);
    if (!STRATEGIES.includes(options.strategy)) throw new ValueError(`Imputer: strategy must be one of ${STRATEGIES.join(', ')}, got '${String(options.strategy)}'`);
    if (options.fillValue !== undefined && options.strategy !== 'constant') throw new ValueError(`Imputer: fillValue is only used with strategy 'constant', got strategy '${options.strategy}'`);
    if (typeof options.fillValue === 'number' && !Number.isFinite(options.fillValue)) throw new ValueError(`Imputer: fillValue must be finite, got ${options.fillValue}`);
    this.strategy = options.strategy;
    this.fillValue = options.fillValue;
    this.addIndicator = options.addIndicator ?? false;
    this.accepts = acceptedTypes(options.strategy, options.fillValue);
  }

  /** The learned fill value of each fitted column, by name. */
  get statistics(): Record<string, FillValue> {
    return Object.fromEntries(this.columns.map((n, j) => [n, this.fills[j]!]));
  }

  /**
   * Restores an Imputer from {@link toJSON} output.
   *
   * @throws ModelFormatError for malformed JSON.
   * @example
   * const copy = Imputer.fromJSON(JSON.parse(JSON.stringify(imputer)));
   */
  static fromJSON(json: unknown): Imputer {
    const { options, state } = openStepJson(json, 'Imputer');
    const fillValue = options.optionalField('fillValue');
    const step = constructFromJson(options, () => new Imputer({
      strategy: options.field('strategy').oneOf(STRATEGIES),
      addIndicator: options.field('addIndicator').boolean(),
      ...readColumnsOption(options),
      ...(fillValue === undefined ? {} : { fillValue: readFill(fillValue) }),
    }));
    if (!state.isNull()) {
      const columns = state.field('columns').strings();
      step.fills = state.field('fills').array().map(readFill);
      step.indicated = state.field('indicated').array().map((r) => r.boolean());
      if (step.fills.length !== columns.length) state.field('fills').fail(`an array of ${columns.length} values`);
      if (step.indicated.length !== columns.length) state.field('indicated').fail(`an array of ${columns.length} booleans`);
      step.restoreColumns(columns);
    }
    return step;
  }

  protected fitColumns(columns: readonly Column[]): void {
    this.fills = columns.map((c) => this.learnFill(c));
    this.indicated = columns.map((c) => this.addIndicator && missingMask(c).some((m) => m === 1));
  }

  protected transformColumn(column: Column, j: number, report: TransformReport | undefined): Column {
    const fill = this.fills[j]!;
    const missing = missingMask(column).reduce((s, m) => s + m, 0);
    report?.add('missing', column.name, missing);
    if (missing === 0) return column;
    const mismatch = (): never => {
      throw new DataError(`Imputer.transform: column '${column.name}' is ${column.type} but its fill value ${JSON.stringify(fill)} is a ${typeof fill}; it was fitted on a column of another type`);
    };
    switch (column.type) {
      case 'numeric':
        if (typeof fill !== 'number') return mismatch();
        return numericColumn(column.name, column.values.map((v) => (Number.isNaN(v) ? fill : v)));
      case 'boolean':
        if (typeof fill !== 'boolean') return mismatch();
        return booleanColumn(column.name, column.values.map((v) => (v < 0 ? (fill ? 1 : 0) : v)));
      case 'text':
        if (typeof fill !== 'string') return mismatch();
        return textColumn(column.name, column.values.map((v) => v ?? fill));
      case 'categorical': {
        const label = String(fill);
        const labels = columnLabels(column).map((l) => l ?? label);
        // Keep the column's categories (and so its codes) when the fill is one of them.
        const categories = column.categories.includes(label) ? column.categories : sortedLabels([...column.categories, label]);
        return categoricalColumn(column.name, labels, categories);
      }
    }
  }

  protected override finish(transformed: Table, input: Table): Table {
    let out = transformed;
    this.columns.forEach((name, j) => {
      if (!this.indicated[j]) return;
      const indicator = MissingIndicator.indicatorFor(input.column(name));
      if (input.has(indicator.name)) throw new DataError(`Imputer: the indicator of '${name}' would replace the existing column '${indicator.name}'; rename it`);
      out = out.withColumn(indicator);
    });
    return out;
  }

  protected optionsJson(): { readonly [key: string]: JsonValue } {
    return {
      strategy: this.strategy,
      fillValue: this.fillValue ?? null,
      addIndicator: this.addIndicator,
      columns: this.requested === undefined ? null : [...this.requested],
    };
  }

  protected stateJson(): { readonly [key: string]: JsonValue } {
    return { fills: [...this.fills], indicated: [...this.indicated] };
  }

  private learnFill(column: Column): FillValue {
    if (this.strategy === 'constant') return constantFor(column, this.fillValue);
    if (column.type === 'numeric' && this.strategy !== 'mostFrequent') {
      const sorted = sortedPresent('Imputer.fit', column);
      if (sorted.length === 0) throw allMissing(column, this.strategy);
      return this.strategy === 'mean' ? meanAndStd(sorted).mean : quantileOfSorted(sorted, 0.5);
    }
    // Most frequent: count labels; ties go to the first label in Table order (the smallest).
    const counts = new Map<string, number>();
    for (const label of columnLabels(column)) if (label !== null) counts.set(label, (counts.get(label) ?? 0) + 1);
    if (counts.size === 0) throw allMissing(column, this.strategy);
    let best = '';
    let bestCount = 0;
    for (const label of sortedLabels(counts.keys())) {
      const n = counts.get(label)!;
      if (n > bestCount) [best, bestCount] = [label, n];
    }
    if (column.type === 'numeric') return Number(best);
    if (column.type === 'boolean') return best === 'true';
    return best;
  }
}

/** Mean and median need numbers; a typed constant applies to the columns it fits; the rest apply to any column. */
function acceptedTypes(strategy: ImputeStrategy, fillValue: FillValue | undefined): ColumnType[] {
  if (strategy === 'mean' || strategy === 'median') return ['numeric'];
  if (strategy === 'constant' && fillValue !== undefined) {
    if (typeof fillValue === 'number') return ['numeric'];
    return typeof fillValue === 'boolean' ? ['boolean'] : ['categorical', 'text'];
  }
  return ['numeric', 'categorical', 'boolean', 'text'];
}

function allMissing(column: Column, strategy: ImputeStrategy): DataError {
  return new DataError(`Imputer.fit: column '${column.name}' has no present value in the training data (all missing), so strategy '${strategy}' has nothing to learn; drop the column or use strategy 'constant'`);
}

/** The constant for a column: the user's value, checked against the column type, or the default. */
function constantFor(column: Column, value: FillValue | undefined): FillValue {
  switch (column.type) {
    case 'numeric':
      if (value === undefined) return 0;
      if (typeof value !== 'number') throw new ValueError(`Imputer: fillValue for numeric column '${column.name}' must be a number, got ${JSON.stringify(value)}`);
      return value;
    case 'boolean':
      if (value === undefined) return false;
      if (typeof value !== 'boolean') throw new ValueError(`Imputer: fillValue for boolean column '${column.name}' must be true or false, got ${JSON.stringify(value)}`);
      return value;
    case 'categorical':
    case 'text':
      return value === undefined ? 'missing' : String(value);
  }
}

function readFill(reader: JsonReader): FillValue {
  const v = reader.value;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return reader.number();
}
