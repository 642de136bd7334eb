/**
 * Columns of a {@link Table}: one typed array per column, so preprocessing (imputation, scaling,
 * one-hot, TF-IDF) works on whole columns at once, the way pandas and Arrow lay data out.
 *
 * | type          | storage                                   | missing marker |
 * |---------------|-------------------------------------------|----------------|
 * | `numeric`     | `values: Float64Array`                    | `NaN`          |
 * | `categorical` | `codes: Int32Array` into `categories`     | `-1`           |
 * | `boolean`     | `values: Int8Array` (1 true, 0 false)     | `-1`           |
 * | `text`        | `values: (string \| null)[]`              | `null`         |
 *
 * Columns are plain immutable records: build them with the constructors below and never write into
 * their arrays (a Table shares columns between the tables that `select`, `drop` and `withColumn`
 * return).
 */
import { DataError } from '../core/index.js';

/** The kind of data a column holds. */
export type ColumnType = 'numeric' | 'categorical' | 'boolean' | 'text';

/** One cell as a plain value; `null` is a missing cell. */
export type CellValue = number | string | boolean | null;

/** Numbers; `NaN` marks a missing cell. */
export interface NumericColumn {
  readonly type: 'numeric';
  readonly name: string;
  readonly values: Float64Array;
}

/** A small set of labels stored as codes; `-1` marks a missing cell. */
export interface CategoricalColumn {
  readonly type: 'categorical';
  readonly name: string;
  /** Index into `categories` for each row, or -1. */
  readonly codes: Int32Array;
  /** The distinct labels, sorted (numbers by value, then strings by code unit). */
  readonly categories: readonly string[];
}

/** True/false; 1 true, 0 false, -1 missing. */
export interface BooleanColumn {
  readonly type: 'boolean';
  readonly name: string;
  readonly values: Int8Array;
}

/** Free text (sentences, messages); `null` marks a missing cell. */
export interface TextColumn {
  readonly type: 'text';
  readonly name: string;
  readonly values: readonly (string | null)[];
}

/** A named, typed column of a {@link Table}; switch on `type` to reach its storage. */
export type Column = NumericColumn | CategoricalColumn | BooleanColumn | TextColumn;

/**
 * Builds a numeric column. `null` and `NaN` become missing.
 *
 * @param name Column name.
 * @param values The numbers (copied when not a Float64Array).
 * @example
 * const age = numericColumn('age', [31, null, 45]);
 */
export function numericColumn(name: string, values: Float64Array | readonly (number | null)[]): NumericColumn {
  const stored = values instanceof Float64Array ? values : Float64Array.from(values, (v) => (v === null ? NaN : v));
  return Object.freeze({ type: 'numeric', name, values: stored });
}

/**
 * Builds a categorical column from labels. Categories are the distinct labels, sorted so one-hot
 * columns come out in the same order whatever the row order; pass `categories` to fix them (for
 * instance to the training split's), and labels outside them raise a DataError.
 *
 * @param name Column name.
 * @param labels One label per row, or null for missing.
 * @param categories The allowed labels in code order (default: the sorted distinct labels).
 * @throws DataError for a label that is not in `categories` or duplicated categories.
 * @example
 * const month = categoricalColumn('month', ['Feb', 'Mar', null, 'Feb']); // categories ['Feb', 'Mar']
 */
export function categoricalColumn(name: string, labels: readonly (string | null)[], categories?: readonly string[]): CategoricalColumn {
  const levels = categories === undefined ? sortCategories(new Set(labels.filter((l): l is string => l !== null))) : [...categories];
  const lookup = new Map<string, number>();
  levels.forEach((level, i) => {
    if (lookup.has(level)) throw new DataError(`categoricalColumn: column '${name}': category '${level}' is listed twice`);
    lookup.set(level, i);
  });
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label === null) {
      codes[i] = -1;
      continue;
    }
    const code = lookup.get(label);
    if (code === undefined) throw new DataError(`categoricalColumn: column '${name}', row ${i}: '${label}' is not one of the categories [${levels.join(', ')}]`);
    codes[i] = code;
  }
  return Object.freeze({ type: 'categorical', name, codes, categories: Object.freeze(levels) });
}

/**
 * Builds a boolean column. `null` becomes missing.
 *
 * @param name Column name.
 * @param values One truth value per row, or null.
 * @example
 * const churned = booleanColumn('churned', [true, false, null]);
 */
export function booleanColumn(name: string, values: Int8Array | readonly (boolean | null)[]): BooleanColumn {
  const stored = values instanceof Int8Array ? values : Int8Array.from(values, (v) => (v === null ? -1 : v ? 1 : 0));
  return Object.freeze({ type: 'boolean', name, values: stored });
}

/**
 * Builds a text column. `null` becomes missing.
 *
 * @param name Column name.
 * @param values One string per row, or null.
 * @example
 * const review = textColumn('review', ['great value', null]);
 */
export function textColumn(name: string, values: readonly (string | null)[]): TextColumn {
  return Object.freeze({ type: 'text', name, values: Object.freeze([...values]) });
}

/**
 * Number of rows in a column.
 *
 * @example
 * columnLength(numericColumn('x', [1, 2])); // 2
 */
export function columnLength(column: Column): number {
  return column.type === 'categorical' ? column.codes.length : column.values.length;
}

/**
 * The cell at `row` as a plain value (a category's label, a boolean, a number), or null when missing.
 *
 * @example
 * cellAt(categoricalColumn('c', ['a', null]), 0); // 'a'
 */
export function cellAt(column: Column, row: number): CellValue {
  switch (column.type) {
    case 'numeric': {
      const v = column.values[row]!;
      return Number.isNaN(v) ? null : v;
    }
    case 'categorical': {
      const code = column.codes[row]!;
      return code < 0 ? null : column.categories[code]!;
    }
    case 'boolean': {
      const v = column.values[row]!;
      return v < 0 ? null : v === 1;
    }
    case 'text':
      return column.values[row] ?? null;
  }
}

/**
 * Whether each row's cell is missing, as 1/0 bytes (what a missing-indicator feature needs).
 *
 * @example
 * missingMask(numericColumn('x', [1, null])); // Uint8Array [0, 1]
 */
export function missingMask(column: Column): Uint8Array {
  const n = columnLength(column);
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = cellAt(column, i) === null ? 1 : 0;
  return mask;
}

/**
 * The rows at `indices`, in that order (repeats allowed), as a column of the same type.
 *
 * @throws DataError for an index outside [0, length).
 * @example
 * takeColumn(numericColumn('x', [1, 2, 3]), [2, 0]); // x = [3, 1]
 */
export function takeColumn(column: Column, indices: ArrayLike<number>): Column {
  const n = columnLength(column);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]!;
    if (!Number.isInteger(index) || index < 0 || index >= n) {
      throw new DataError(`take: row index ${index} is outside [0, ${n}) in column '${column.name}'`);
    }
  }
  switch (column.type) {
    case 'numeric':
      return Object.freeze({ ...column, values: Float64Array.from(indices, (i) => column.values[i]!) });
    case 'categorical':
      // Categories stay the same, so codes keep their meaning across splits (train/test one-hot agree).
      return Object.freeze({ ...column, codes: Int32Array.from(indices, (i) => column.codes[i]!) });
    case 'boolean':
      return Object.freeze({ ...column, values: Int8Array.from(indices, (i) => column.values[i]!) });
    case 'text':
      return Object.freeze({ ...column, values: Object.freeze(Array.from(indices, (i) => column.values[i] ?? null)) });
  }
}

/** Numbers in numeric order first (so codes '1', '2', '10' sort naturally), then strings by code unit. */
function sortCategories(labels: Set<string>): string[] {
  return [...labels].sort((a, b) => {
    const x = Number(a);
    const y = Number(b);
    const xNumber = a.trim() !== '' && Number.isFinite(x);
    const yNumber = b.trim() !== '' && Number.isFinite(y);
    if (xNumber && yNumber && x !== y) return x - y;
    if (xNumber !== yNumber) return xNumber ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}
