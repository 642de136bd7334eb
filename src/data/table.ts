/**
 * Table: named, typed columns of equal length — the shape a CSV, TSV or JSON Lines file takes in
 * Sprout, and what preprocessing (imputation, scaling, one-hot, TF-IDF, splits) reads and returns.
 *
 * Column-oriented like pandas and Apache Arrow: each column is one typed array (see column.ts), so
 * statistics and transforms run over contiguous numbers, and a transform that changes one column
 * shares the others. Tables are immutable: every method returns a new Table.
 */
import { DataError, tensor, type Tensor } from '../core/index.js';
import { cellAt, columnLength, missingMask, takeColumn, type CellValue, type Column, type ColumnType } from './column.js';
import { columnFromStrings } from './column-from-strings.js';

/** One row as an object keyed by column name. */
export type Row = Readonly<Record<string, CellValue>>;

/** Options of {@link Table.toTensor}. */
export interface TableToTensorOptions {
  /** float32 (default) or float64. */
  readonly dtype?: 'float32' | 'float64';
}

/**
 * A table of named, typed columns.
 *
 * @example
 * const t = parseCsv('age,plan\n31,pro\n45,free\n');
 * t.rowCount;                      // 2
 * t.types;                         // { age: 'numeric', plan: 'categorical' }
 * const x = t.select(['age']).toTensor(); // [2, 1] float32
 */
export class Table {
  /** Number of rows. */
  readonly rowCount: number;
  private readonly byName: Map<string, Column>;

  private constructor(readonly columns: readonly Column[], rowCount: number) {
    this.rowCount = rowCount;
    this.byName = new Map(columns.map((c) => [c.name, c]));
  }

  /**
   * A table from columns of equal length.
   *
   * @param columns The columns, in order.
   * @param rowCount Row count, needed only when there are no columns (default 0 then).
   * @throws DataError for duplicate names or columns of different lengths.
   * @example
   * const t = Table.fromColumns([numericColumn('x', [1, 2]), booleanColumn('y', [true, false])]);
   */
  static fromColumns(columns: readonly Column[], rowCount?: number): Table {
    const n = columns.length > 0 ? columnLength(columns[0]!) : (rowCount ?? 0);
    const seen = new Set<string>();
    for (const column of columns) {
      if (seen.has(column.name)) throw new DataError(`Table.fromColumns: column name '${column.name}' appears twice`);
      seen.add(column.name);
      const length = columnLength(column);
      if (length !== n) throw new DataError(`Table.fromColumns: column '${column.name}' has ${length} rows, expected ${n} like '${columns[0]!.name}'`);
    }
    return new Table(Object.freeze([...columns]), n);
  }

  /** Column names, in order. */
  get names(): string[] {
    return this.columns.map((c) => c.name);
  }

  /** Number of columns. */
  get columnCount(): number {
    return this.columns.length;
  }

  /** Each column's type by name. */
  get types(): Record<string, ColumnType> {
    return Object.fromEntries(this.columns.map((c) => [c.name, c.type]));
  }

  /** Whether a column of this name exists. */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /**
   * The column called `name`.
   *
   * @throws DataError naming the column and listing the ones that exist.
   * @example
   * const revenue = table.column('Revenue');
   */
  column(name: string): Column {
    const column = this.byName.get(name);
    if (column === undefined) throw new DataError(`Table: no column '${name}'; the columns are [${this.names.join(', ')}]`);
    return column;
  }

  /**
   * One cell as a plain value, or null when missing.
   *
   * @throws DataError for an unknown column or a row outside [0, rowCount).
   * @example
   * table.cell(0, 'Month'); // 'Feb'
   */
  cell(row: number, name: string): CellValue {
    this.checkRow('cell', row);
    return cellAt(this.column(name), row);
  }

  /**
   * Row `index` as an object keyed by column name.
   *
   * @throws DataError for a row outside [0, rowCount).
   * @example
   * table.row(0); // { age: 31, plan: 'pro' }
   */
  row(index: number): Row {
    this.checkRow('row', index);
    return Object.fromEntries(this.columns.map((c) => [c.name, cellAt(c, index)]));
  }

  /** Every row as an object, in order. */
  *rows(): IterableIterator<Row> {
    for (let i = 0; i < this.rowCount; i++) yield this.row(i);
  }

  /**
   * Number of missing cells in each column.
   *
   * @example
   * table.missingCounts(); // { age: 3, plan: 0 }
   */
  missingCounts(): Record<string, number> {
    return Object.fromEntries(this.columns.map((c) => [c.name, missingMask(c).reduce((s, m) => s + m, 0)]));
  }

  /**
   * The named columns, in the order given.
   *
   * @throws DataError for an unknown name.
   * @example
   * const features = table.select(['age', 'income']);
   */
  select(names: readonly string[]): Table {
    return Table.fromColumns(
      names.map((n) => this.column(n)),
      this.rowCount,
    );
  }

  /**
   * Every column except the named ones.
   *
   * @throws DataError for an unknown name.
   * @example
   * const features = table.drop(['Revenue']);
   */
  drop(names: readonly string[]): Table {
    for (const n of names) this.column(n);
    const dropped = new Set(names);
    return Table.fromColumns(
      this.columns.filter((c) => !dropped.has(c.name)),
      this.rowCount,
    );
  }

  /**
   * This table with `column` replacing the column of the same name, or appended when new.
   *
   * @throws DataError when the column's length differs from rowCount.
   * @example
   * const imputed = table.withColumn(numericColumn('age', filledAges));
   */
  withColumn(column: Column): Table {
    const replaced = this.has(column.name) ? this.columns.map((c) => (c.name === column.name ? column : c)) : [...this.columns, column];
    return Table.fromColumns(replaced, this.rowCount);
  }

  /**
   * The rows at `indices`, in that order (repeats allowed): the building block of splits,
   * shuffles and bootstraps. Categorical columns keep their categories.
   *
   * @throws DataError for an index outside [0, rowCount).
   * @example
   * const train = table.take(trainIndices);
   */
  take(indices: ArrayLike<number>): Table {
    return Table.fromColumns(
      this.columns.map((c) => takeColumn(c, indices)),
      indices.length,
    );
  }

  /**
   * Rows [start, end).
   *
   * @example
   * table.slice(0, 5); // the first five rows
   */
  slice(start: number, end = this.rowCount): Table {
    const from = Math.max(0, Math.min(start, this.rowCount));
    const to = Math.max(from, Math.min(end, this.rowCount));
    return this.take(Array.from({ length: to - from }, (_, i) => from + i));
  }

  /**
   * The rows for which `keep` is true: a predicate over row objects, or a mask with one entry per row.
   *
   * @throws DataError for a mask of the wrong length.
   * @example
   * const buyers = table.filter((row) => row['Revenue'] === true);
   */
  filter(keep: ((row: Row, index: number) => boolean) | ArrayLike<boolean | number>): Table {
    const kept: number[] = [];
    if (typeof keep === 'function') {
      for (let i = 0; i < this.rowCount; i++) if (keep(this.row(i), i)) kept.push(i);
    } else {
      if (keep.length !== this.rowCount) throw new DataError(`filter: the mask has ${keep.length} entries, the table has ${this.rowCount} rows`);
      for (let i = 0; i < this.rowCount; i++) if (keep[i]) kept.push(i);
    }
    return this.take(kept);
  }

  /**
   * Re-reads columns as other types, e.g. integer codes as categories (`{ Browser: 'categorical' }`)
   * or a categorical column as text. Cells go through their string form, with the same rules as
   * parsing a CSV.
   *
   * @throws DataError for an unknown column or a cell that does not fit the new type.
   * @example
   * const t = table.cast({ OperatingSystems: 'categorical', Region: 'categorical' });
   */
  cast(types: Readonly<Record<string, ColumnType>>): Table {
    const replaced = this.columns.map((column) => {
      const type = types[column.name];
      if (type === undefined || column.type === type) return column;
      const cells = Array.from({ length: this.rowCount }, (_, i) => {
        const v = cellAt(column, i);
        return v === null ? null : String(v);
      });
      return columnFromStrings(column.name, cells, { type, op: 'cast', missing: [] });
    });
    for (const name of Object.keys(types)) this.column(name);
    return Table.fromColumns(replaced, this.rowCount);
  }

  /**
   * A [rowCount, columns] matrix of the named numeric or boolean columns (default: all columns),
   * booleans as 0/1. Categorical and text columns must be encoded first, and missing cells
   * imputed first, so a model never sees a silent NaN.
   *
   * @throws DataError for a categorical or text column, or a column with missing cells (with counts).
   * @example
   * const x = table.toTensor(['Administrative', 'BounceRates']); // float32 [12330, 2]
   */
  toTensor(names: readonly string[] = this.names, options: TableToTensorOptions = {}): Tensor {
    const columns = names.map((n) => this.column(n));
    const width = columns.length;
    const data = options.dtype === 'float64' ? new Float64Array(this.rowCount * width) : new Float32Array(this.rowCount * width);
    columns.forEach((column, j) => {
      if (column.type === 'categorical' || column.type === 'text') {
        throw new DataError(`toTensor: column '${column.name}' is ${column.type}; encode it first (one-hot, ordinal, TF-IDF) or leave it out`);
      }
      const missing = missingMask(column).reduce((s, m) => s + m, 0);
      if (missing > 0) throw new DataError(`toTensor: column '${column.name}' has ${missing} missing cells of ${this.rowCount}; impute or drop them first`);
      for (let i = 0; i < this.rowCount; i++) data[i * width + j] = column.values[i]!;
    });
    return tensor(data, { shape: [this.rowCount, width] });
  }

  private checkRow(op: string, row: number): void {
    if (!Number.isInteger(row) || row < 0 || row >= this.rowCount) throw new DataError(`${op}: row ${row} is outside [0, ${this.rowCount})`);
  }
}
