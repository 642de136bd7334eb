/**
 * DropMissingRows: removes every row with a missing cell in the chosen columns (pandas'
 * `dropna(subset=...)`). It changes the row count, so it belongs to cleaning the training data (a
 * Pipeline's `clean` steps, or rows without a target), not to prediction, where every input row
 * needs an answer: impute there instead.
 */
import { DataError, ValueError } from '../../core/index.js';
import { missingMask } from '../column.js';
import type { Table } from '../table.js';
import { constructFromJson, openStepJson, readColumnsOption, STEP_JSON_VERSION, type StepJson, type TableTransformer } from './preprocess-step.js';
import type { TransformReport } from './transform-report.js';

/** Options of {@link DropMissingRows}. */
export interface DropMissingRowsOptions {
  /** Columns to check (default: every column of the training table). */
  readonly columns?: readonly string[];
}

/**
 * Drops rows with missing cells.
 *
 * @example
 * const clean = new DropMissingRows({ columns: ['Revenue'] }).fitTransform(train);
 */
export class DropMissingRows implements TableTransformer {
  readonly kind = 'DropMissingRows';
  readonly output = 'table' as const;
  private readonly requested: readonly string[] | undefined;
  private fittedColumns: readonly string[] | null = null;

  constructor(options: DropMissingRowsOptions = {}) {
    this.requested = options.columns === undefined ? undefined : [...options.columns];
  }

  get fitted(): boolean {
    return this.fittedColumns !== null;
  }

  /**
   * Fixes the columns to check (the named ones, or all of the table's).
   *
   * @throws DataError for a named column the table lacks.
   */
  fit(table: Table): this {
    const columns = this.requested ?? table.names;
    for (const name of columns) if (!table.has(name)) throw new DataError(`DropMissingRows.fit: the table has no column '${name}'; the columns are [${table.names.join(', ')}]`);
    this.fittedColumns = [...columns];
    return this;
  }

  /**
   * The rows without a missing cell in the columns; counts dropped rows under each column.
   *
   * @throws ValueError before fitting; DataError for an absent column.
   */
  transform(table: Table, report?: TransformReport): Table {
    if (this.fittedColumns === null) throw new ValueError('DropMissingRows.transform: the step is not fitted; call fit(trainTable) first');
    const keep = new Uint8Array(table.rowCount).fill(1);
    for (const name of this.fittedColumns) {
      if (!table.has(name)) throw new DataError(`DropMissingRows.transform: the table has no column '${name}'; the columns are [${table.names.join(', ')}]`);
      const mask = missingMask(table.column(name));
      let dropped = 0;
      for (let i = 0; i < mask.length; i++) {
        if (mask[i] === 1 && keep[i] === 1) {
          keep[i] = 0;
          dropped++;
        }
      }
      report?.add('dropped', name, dropped);
    }
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
   * DropMissingRows.fromJSON(JSON.parse(JSON.stringify(step)));
   */
  static fromJSON(json: unknown): DropMissingRows {
    const { options, state } = openStepJson(json, 'DropMissingRows');
    const step = constructFromJson(options, () => new DropMissingRows(readColumnsOption(options)));
    if (!state.isNull()) step.fittedColumns = state.field('columns').strings();
    return step;
  }
}
