/**
 * DropDuplicates: keeps the first of each group of rows that agree on the chosen columns (pandas'
 * `drop_duplicates(keep='first')`). Two missing cells count as equal, as in pandas. Like
 * {@link DropMissingRows} it changes the row count, so it cleans training data; duplicates across
 * the train/test boundary are best removed before splitting, so the test split stays unseen.
 */
import { DataError, ValueError } from '../../core/index.js';
import { cellAt } from '../column.js';
import type { Table } from '../table.js';
import { constructFromJson, openStepJson, readColumnsOption, STEP_JSON_VERSION, type StepJson, type TableTransformer } from './preprocess-step.js';
import type { TransformReport } from './transform-report.js';

/** Options of {@link DropDuplicates}. */
export interface DropDuplicatesOptions {
  /** Columns that define a duplicate (default: every column). */
  readonly columns?: readonly string[];
}

/**
 * Drops repeated rows.
 *
 * @example
 * const unique = new DropDuplicates().fitTransform(table);
 */
export class DropDuplicates implements TableTransformer {
  readonly kind = 'DropDuplicates';
  readonly output = 'table' as const;
  private readonly requested: readonly string[] | undefined;
  private fittedColumns: readonly string[] | null = null;

  constructor(options: DropDuplicatesOptions = {}) {
    this.requested = options.columns === undefined ? undefined : [...options.columns];
  }

  get fitted(): boolean {
    return this.fittedColumns !== null;
  }

  /**
   * Fixes the columns that define a duplicate.
   *
   * @throws DataError for a named column the table lacks.
   */
  fit(table: Table): this {
    const columns = this.requested ?? table.names;
    for (const name of columns) if (!table.has(name)) throw new DataError(`DropDuplicates.fit: the table has no column '${name}'; the columns are [${table.names.join(', ')}]`);
    this.fittedColumns = [...columns];
    return this;
  }

  /**
   * The first row of each group of equal rows, in order; the count of dropped rows is reported.
   *
   * @throws ValueError before fitting; DataError for an absent column.
   */
  transform(table: Table, report?: TransformReport): Table {
    if (this.fittedColumns === null) throw new ValueError('DropDuplicates.transform: the step is not fitted; call fit(trainTable) first');
    const columns = this.fittedColumns.map((name) => {
      if (!table.has(name)) throw new DataError(`DropDuplicates.transform: the table has no column '${name}'; the columns are [${table.names.join(', ')}]`);
      return table.column(name);
    });
    const seen = new Set<string>();
    const keep = new Uint8Array(table.rowCount);
    for (let i = 0; i < table.rowCount; i++) {
      // A row's key is the JSON of its cells, numbers as strings so Infinity stays apart from
      // null (missing, which equals missing); a column holds one type, so '1' and 1 never meet.
      const key = JSON.stringify(columns.map((c) => {
        const v = cellAt(c, i);
        return typeof v === 'number' ? String(v) : v;
      }));
      if (!seen.has(key)) {
        seen.add(key);
        keep[i] = 1;
      }
    }
    report?.add('dropped', 'duplicates', table.rowCount - seen.size);
    return table.filter(keep);
  }

  fitTransform(table: Table, report?: TransformReport): Table {
    return this.fit(table).transform(table, report);
  }

  toJSON(): StepJson {
    return {
      kind: this.kind,
      version: STEP_JSON_VERSION,
      options: { columns: this.requested === undefined ? null : [...this.requested] },
      state: this.fittedColumns === null ? null : { columns: [...this.fittedColumns] },
    };
  }

  /**
   * Restores the step from {@link toJSON} output.
   *
   * @throws ModelFormatError for malformed JSON.
   * @example
   * DropDuplicates.fromJSON(JSON.parse(JSON.stringify(step)));
   */
  static fromJSON(json: unknown): DropDuplicates {
    const { options, state } = openStepJson(json, 'DropDuplicates');
    const step = constructFromJson(options, () => new DropDuplicates(readColumnsOption(options)));
    if (!state.isNull()) step.fittedColumns = state.field('columns').strings();
    return step;
  }
}
