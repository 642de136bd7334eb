/**
 * OneHotEncoder: replaces each categorical column by one 0/1 numeric column per category seen in
 * the training split, named `<column>=<label>` in Table order (numbers by value, then strings), plus
 * an unknown bucket `<column>=<unknown>`, where a category never seen in training (or a missing
 * cell) sets a 1 at prediction time. Unknown and missing cells are counted in the report.
 *
 * `handleUnknown` maps onto scikit-learn's `OneHotEncoder`:
 *
 * | Sprout      | scikit-learn              | an unseen category gives              |
 * |-------------|---------------------------|---------------------------------------|
 * | `'bucket'`  | (none)                    | 1 in the `=<unknown>` column          |
 * | `'ignore'`  | `handle_unknown='ignore'` | all zeros (no bucket column)          |
 * | `'error'`   | `handle_unknown='error'`  | a DataError naming column and label   |
 *
 * so the bucket encoding with its last column removed is exactly scikit-learn's 'ignore' output.
 * The bucket keeps "not one of the known categories" visible to the model instead of
 * confusing it with an all-zero row. Missing cells are not a training category: impute them first
 * (`mostFrequent`, or `constant` to make 'missing' a category of its own).
 */
import { DataError, ValueError } from '../../core/index.js';
import { numericColumn, type Column, type ColumnType } from '../column.js';
import { Table } from '../table.js';
import { columnLabels, sortedLabels } from './column-labels.js';
import { ColumnStep } from './column-step.js';
import type { JsonValue } from './json-reader.js';
import { constructFromJson, openStepJson, readColumnsOption } from './preprocess-step.js';
import type { TransformReport } from './transform-report.js';

/** What a {@link OneHotEncoder} does with a category unseen in training. */
export type UnknownCategoryPolicy = 'bucket' | 'ignore' | 'error';

/** The label part of the unknown bucket's column name. */
export const UNKNOWN_CATEGORY = '<unknown>';

/** Options of {@link OneHotEncoder}. */
export interface OneHotEncoderOptions {
  /** Columns to encode (default: every categorical and boolean column; numeric ones when named). */
  readonly columns?: readonly string[];
  /** 'bucket' (default), 'ignore' or 'error'. */
  readonly handleUnknown?: UnknownCategoryPolicy;
}

/**
 * One-hot encodes categorical columns.
 *
 * @example
 * const enc = new OneHotEncoder().fit(train);
 * enc.transform(test).names; // [..., 'Month=Feb', 'Month=Mar', 'Month=<unknown>', ...]
 */
export class OneHotEncoder extends ColumnStep {
  protected readonly accepts: readonly ColumnType[] = ['categorical', 'boolean', 'numeric', 'text'];
  readonly handleUnknown: UnknownCategoryPolicy;
  private categoryLists: (readonly string[])[] = [];

  /** @throws ValueError for an unknown handleUnknown value. */
  constructor(options: OneHotEncoderOptions = {}) {
    super('OneHotEncoder', options.columns);
    this.handleUnknown = options.handleUnknown ?? 'bucket';
    if (!['bucket', 'ignore', 'error'].includes(this.handleUnknown)) throw new ValueError(`OneHotEncoder: handleUnknown must be 'bucket', 'ignore' or 'error', got '${String(this.handleUnknown)}'`);
  }

  /** The training categories of each fitted column, by name. */
  get categories(): Record<string, readonly string[]> {
    return Object.fromEntries(this.columns.map((n, j) => [n, this.categoryLists[j]!]));
  }

  /** The names of the output columns, in order. */
  get featureNames(): string[] {
    return this.columns.flatMap((n, j) => this.outputNames(n, j));
  }

  /**
   * Replaces each fitted column by its one-hot columns, in place; other columns pass through.
   *
   * @throws ValueError before fitting; DataError for an absent column, or an unseen category
   *   or missing cell with handleUnknown 'error'.
   */
  override transform(table: Table, report?: TransformReport): Table {
    const names = this.requireFitted('transform');
    const position = new Map(names.map((n, j) => [n, j]));
    for (const name of names) this.checked(table, name, 'transform');
    const columns = table.columns.flatMap((column) => {
      const j = position.get(column.name);
      return j === undefined ? [column] : this.encode(column, j, report);
    });
    return Table.fromColumns(columns, table.rowCount);
  }

  /**
   * Restores a OneHotEncoder from {@link toJSON} output.
   *
   * @throws ModelFormatError for malformed JSON.
   * @example
   * const copy = OneHotEncoder.fromJSON(JSON.parse(JSON.stringify(enc)));
   */
  static fromJSON(json: unknown): OneHotEncoder {
    const { options, state } = openStepJson(json, 'OneHotEncoder');
    const step = constructFromJson(options, () => new OneHotEncoder({ handleUnknown: options.field('handleUnknown').oneOf(['bucket', 'ignore', 'error'] as const), ...readColumnsOption(options) }));
    if (!state.isNull()) {
      const columns = state.field('columns').strings();
      const lists = state.field('categories').array();
      if (lists.length !== columns.length) state.field('categories').fail(`an array of ${columns.length} category lists`);
      step.categoryLists = lists.map((r) => {
        const list = r.strings();
        if (new Set(list).size !== list.length) r.fail('distinct labels');
        return list;
      });
      step.restoreColumns(columns);
    }
    return step;
  }

  protected override defaultTypes(): readonly ColumnType[] {
    return ['categorical', 'boolean'];
  }

  protected fitColumns(columns: readonly Column[]): void {
    this.categoryLists = columns.map((c) => {
      const labels = sortedLabels(columnLabels(c).filter((l): l is string => l !== null));
      if (labels.length === 0) throw new DataError(`OneHotEncoder.fit: column '${c.name}' has no present value in the training data (all missing); impute or drop it first`);
      if (labels.includes(UNKNOWN_CATEGORY)) throw new DataError(`OneHotEncoder.fit: column '${c.name}' holds the label '${UNKNOWN_CATEGORY}', the name of the unknown bucket; rename it`);
      return labels;
    });
  }

  protected transformColumn(column: Column): Column {
    return column; // unused: transform is overridden, one column becomes several
  }

  protected optionsJson(): { readonly [key: string]: JsonValue } {
    return { handleUnknown: this.handleUnknown, columns: this.requested === undefined ? null : [...this.requested] };
  }

  protected stateJson(): { readonly [key: string]: JsonValue } {
    return { categories: this.categoryLists.map((l) => [...l]) };
  }

  private outputNames(name: string, j: number): string[] {
    const names = this.categoryLists[j]!.map((label) => `${name}=${label}`);
    if (this.handleUnknown === 'bucket') names.push(`${name}=${UNKNOWN_CATEGORY}`);
    return names;
  }

  private encode(column: Column, j: number, report: TransformReport | undefined): Column[] {
    const categories = this.categoryLists[j]!;
    const index = new Map(categories.map((label, k) => [label, k]));
    const width = categories.length + (this.handleUnknown === 'bucket' ? 1 : 0);
    const n = column.type === 'categorical' ? column.codes.length : column.values.length;
    const outputs = Array.from({ length: width }, () => new Float64Array(n));
    let unknown = 0;
    let missing = 0;
    columnLabels(column).forEach((label, i) => {
      const k = label === null ? undefined : index.get(label);
      if (k !== undefined) {
        outputs[k]![i] = 1;
        return;
      }
      if (label === null) missing++;
      else unknown++;
      if (this.handleUnknown === 'error') {
        throw new DataError(`OneHotEncoder.transform: column '${column.name}', row ${i}: ${label === null ? 'a missing cell' : `'${label}' is not a training category`}; known: [${categories.join(', ')}] (use handleUnknown 'bucket' or 'ignore' to encode it)`);
      }
      if (this.handleUnknown === 'bucket') outputs[categories.length]![i] = 1;
    });
    report?.add('unknown', column.name, unknown);
    report?.add('missing', column.name, missing);
    const names = this.outputNames(column.name, j);
    return outputs.map((values, k) => numericColumn(names[k]!, values));
  }
}
