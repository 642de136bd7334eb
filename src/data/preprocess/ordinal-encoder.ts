/**
 * OrdinalEncoder: replaces each categorical column by a numeric column of category indices
 * 0 … k−1, as scikit-learn's `OrdinalEncoder` with `handle_unknown='use_encoded_value'`. The order
 * is the training categories in Table order (numbers by value, then strings), or the order given
 * in `categories` (for ordered levels such as ['low', 'medium', 'high']). An unseen category
 * becomes `unknownValue` (default −1) and is counted; a missing cell becomes `missingValue`
 * (default NaN, for an imputer to fill, as scikit-learn's `encoded_missing_value`).
 */
import { DataError, ValueError } from '../../core/index.js';
import { numericColumn, type Column, type ColumnType } from '../column.js';
import { columnLabels, sortedLabels } from './column-labels.js';
import { ColumnStep } from './column-step.js';
import type { JsonValue } from './json-reader.js';
import { constructFromJson, openStepJson, readColumnsOption } from './preprocess-step.js';
import type { TransformReport } from './transform-report.js';

/** Options of {@link OrdinalEncoder}. */
export interface OrdinalEncoderOptions {
  /** Columns to encode (default: every categorical and boolean column; numeric ones when named). */
  readonly columns?: readonly string[];
  /** Fixed category orders by column; a training label outside its list is a DataError. */
  readonly categories?: Readonly<Record<string, readonly string[]>>;
  /** Code for an unseen category (default −1), or 'error' to raise a DataError. */
  readonly unknownValue?: number | 'error';
  /** Code for a missing cell (default NaN). */
  readonly missingValue?: number;
}

/**
 * Encodes categories as integers.
 *
 * @example
 * const enc = new OrdinalEncoder({ categories: { size: ['S', 'M', 'L'] } }).fit(train);
 * enc.transform(test).column('size'); // numeric 0, 1, 2 (−1 for an unseen size)
 */
export class OrdinalEncoder extends ColumnStep {
  protected readonly accepts: readonly ColumnType[] = ['categorical', 'boolean', 'numeric', 'text'];
  readonly fixedCategories: Readonly<Record<string, readonly string[]>>;
  readonly unknownValue: number | 'error';
  readonly missingValue: number;
  private categoryLists: (readonly string[])[] = [];

  /** @throws ValueError for a non-finite unknownValue. */
  constructor(options: OrdinalEncoderOptions = {}) {
    super('OrdinalEncoder', options.columns);
    this.fixedCategories = options.categories ?? {};
    this.unknownValue = options.unknownValue ?? -1;
    this.missingValue = options.missingValue ?? NaN;
    if (this.unknownValue !== 'error' && !Number.isFinite(this.unknownValue)) throw new ValueError(`OrdinalEncoder: unknownValue must be a finite number or 'error', got ${this.unknownValue}`);
  }

  /** The category order of each fitted column, by name. */
  get categories(): Record<string, readonly string[]> {
    return Object.fromEntries(this.columns.map((n, j) => [n, this.categoryLists[j]!]));
  }

  /**
   * Restores an OrdinalEncoder from {@link toJSON} output.
   *
   * @throws ModelFormatError for malformed JSON.
   * @example
   * const copy = OrdinalEncoder.fromJSON(JSON.parse(JSON.stringify(enc)));
   */
  static fromJSON(json: unknown): OrdinalEncoder {
    const { options, state } = openStepJson(json, 'OrdinalEncoder');
    const unknown = options.field('unknownValue');
    const missing = options.optionalField('missingValue');
    const fixed = options.field('categories');
    const categories = Object.fromEntries(fixed.keys().map((k) => [k, fixed.field(k).strings()]));
    const step = constructFromJson(options, () => new OrdinalEncoder({
      categories,
      unknownValue: unknown.value === 'error' ? 'error' : unknown.number(),
      ...(missing === undefined ? {} : { missingValue: missing.number() }),
      ...readColumnsOption(options),
    }));
    if (!state.isNull()) {
      const columns = state.field('columns').strings();
      const lists = state.field('categories').array();
      if (lists.length !== columns.length) state.field('categories').fail(`an array of ${columns.length} category lists`);
      step.categoryLists = lists.map((r) => r.strings());
      step.restoreColumns(columns);
    }
    return step;
  }

  protected override defaultTypes(): readonly ColumnType[] {
    return ['categorical', 'boolean'];
  }

  protected fitColumns(columns: readonly Column[]): void {
    this.categoryLists = columns.map((c) => {
      const present = columnLabels(c).filter((l): l is string => l !== null);
      const fixed = this.fixedCategories[c.name];
      if (fixed === undefined) return sortedLabels(present);
      const known = new Set(fixed);
      const outside = present.find((l) => !known.has(l));
      if (outside !== undefined) throw new DataError(`OrdinalEncoder.fit: column '${c.name}' holds '${outside}', which is not in its categories [${fixed.join(', ')}]`);
      return [...fixed];
    });
  }

  protected transformColumn(column: Column, j: number, report: TransformReport | undefined): Column {
    const index = new Map(this.categoryLists[j]!.map((label, k) => [label, k]));
    let unknown = 0;
    let missing = 0;
    const values = Float64Array.from(columnLabels(column), (label, i) => {
      if (label === null) {
        missing++;
        return this.missingValue;
      }
      const k = index.get(label);
      if (k !== undefined) return k;
      unknown++;
      if (this.unknownValue === 'error') throw new DataError(`OrdinalEncoder.transform: column '${column.name}', row ${i}: '${label}' is not a training category; known: [${this.categoryLists[j]!.join(', ')}]`);
      return this.unknownValue;
    });
    report?.add('unknown', column.name, unknown);
    report?.add('missing', column.name, missing);
    return numericColumn(column.name, values);
  }

  protected optionsJson(): { readonly [key: string]: JsonValue } {
    return {
      unknownValue: this.unknownValue,
      categories: Object.fromEntries(Object.entries(this.fixedCategories).map(([k, v]) => [k, [...v]])),
      // NaN has no JSON spelling: null stands for the default.
      missingValue: Number.isNaN(this.missingValue) ? null : this.missingValue,
      columns: this.requested === undefined ? null : [...this.requested],
    };
  }

  protected stateJson(): { readonly [key: string]: JsonValue } {
    return { categories: this.categoryLists.map((l) => [...l]) };
  }
}
