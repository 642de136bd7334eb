/**
 * ColumnStep: the shared bookkeeping of column-wise fitted steps (imputers, scalers, encoders,
 * clippers). It resolves which columns a step works on when it is fitted (the named ones, or every
 * column of a type the step accepts), remembers them in its state, and at transform time checks
 * that each still exists with an accepted type, so a prediction-time table with a renamed or
 * re-typed column fails with a message naming it rather than producing wrong features.
 */
import { DataError, ValueError } from '../../core/index.js';
import type { Column, ColumnType } from '../column.js';
import type { Table } from '../table.js';
import type { JsonValue } from './json-reader.js';
import { STEP_JSON_VERSION, type StepJson, type TableTransformer } from './preprocess-step.js';
import type { TransformReport } from './transform-report.js';

/** Base class of the column-wise steps; subclasses fit and transform one column at a time. */
export abstract class ColumnStep implements TableTransformer {
  readonly output = 'table' as const;
  /** Column types the step works on. */
  protected abstract readonly accepts: readonly ColumnType[];
  private fittedColumns: readonly string[] | null = null;

  /**
   * @param kind The registered name (written in JSON and error messages).
   * @param requested The columns to work on; every accepted column of the training table when undefined.
   */
  protected constructor(
    readonly kind: string,
    protected readonly requested: readonly string[] | undefined,
  ) {
    if (requested !== undefined && new Set(requested).size !== requested.length) {
      throw new ValueError(`${kind}: columns list a name twice: [${requested.join(', ')}]`);
    }
  }

  /** Whether the step has been fitted. */
  get fitted(): boolean {
    return this.fittedColumns !== null;
  }

  /**
   * The columns the step was fitted on.
   *
   * @throws ValueError before fitting.
   */
  get columns(): readonly string[] {
    return this.requireFitted('columns');
  }

  /**
   * Learns the step's state from the training split.
   *
   * @throws DataError for a named column that is absent or of a type the step does not accept.
   */
  fit(table: Table): this {
    const names = this.requested ?? table.columns.filter((c) => this.defaultTypes().includes(c.type)).map((c) => c.name);
    const columns = names.map((name) => this.checked(table, name, 'fit'));
    this.fitColumns(columns, table.rowCount);
    this.fittedColumns = Object.freeze([...names]);
    return this;
  }

  /**
   * Applies the learned state to any split; other columns pass through unchanged.
   *
   * @throws ValueError before fitting; DataError for an absent or re-typed column.
   */
  transform(table: Table, report?: TransformReport): Table {
    const names = this.requireFitted('transform');
    let out = table;
    names.forEach((name, j) => {
      out = out.withColumn(this.transformColumn(this.checked(table, name, 'transform'), j, report));
    });
    return this.finish(out, table);
  }

  /** `fit(table)` then `transform(table)`. */
  fitTransform(table: Table, report?: TransformReport): Table {
    return this.fit(table).transform(table, report);
  }

  /** `{ kind, version, options, state }`; state is null before fitting. */
  toJSON(): StepJson {
    const state = this.fittedColumns === null ? null : { columns: [...this.fittedColumns], ...this.stateJson() };
    return { kind: this.kind, version: STEP_JSON_VERSION, options: this.optionsJson(), state };
  }

  /** Learns the state for each column (in `columns` order). */
  protected abstract fitColumns(columns: readonly Column[], rowCount: number): void;
  /** Transforms column `index` of the fitted columns. */
  protected abstract transformColumn(column: Column, index: number, report: TransformReport | undefined): Column;
  /** The options as JSON (also what `fromJSON` reads). */
  protected abstract optionsJson(): { readonly [key: string]: JsonValue };
  /** The learned state as JSON, besides `columns`. */
  protected abstract stateJson(): { readonly [key: string]: JsonValue };

  /** Column types chosen when no columns are named (default: every accepted type). */
  protected defaultTypes(): readonly ColumnType[] {
    return this.accepts;
  }

  /** Hook for steps that add or reorder columns after the per-column pass. */
  protected finish(transformed: Table, _input: Table): Table {
    return transformed;
  }

  /** Marks the step fitted on `columns` (for `fromJSON`). */
  protected restoreColumns(columns: readonly string[]): void {
    this.fittedColumns = Object.freeze([...columns]);
  }

  protected requireFitted(op: string): readonly string[] {
    if (this.fittedColumns === null) throw new ValueError(`${this.kind}.${op}: the step is not fitted; call fit(trainTable) first`);
    return this.fittedColumns;
  }

  protected checked(table: Table, name: string, op: string): Column {
    if (!table.has(name)) {
      throw new DataError(`${this.kind}.${op}: the table has no column '${name}'${op === 'transform' ? ' (it was fitted on it)' : ''}; the columns are [${table.names.join(', ')}]`);
    }
    const column = table.column(name);
    if (!this.accepts.includes(column.type)) {
      throw new DataError(`${this.kind}.${op}: column '${name}' is ${column.type}; expected ${this.accepts.join(' or ')}${op === 'transform' ? ' as when fitted' : ''}`);
    }
    return column;
  }
}
