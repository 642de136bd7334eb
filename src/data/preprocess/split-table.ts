/**
 * splitTable: {@link splitIndices} on a table, taking stratification labels or group ids from
 * named columns, and returning the three tables with the indices that made them.
 */
import { DataError } from '../../core/index.js';
import { cellAt } from '../column.js';
import type { Table } from '../table.js';
import { splitIndices, type SplitIndices, type SplitKey } from './split-indices.js';

/** Options of {@link splitTable}. */
export interface SplitTableOptions {
  /** Fraction of rows (of groups when grouped) for validation (default 0.15). */
  readonly validation?: number;
  /** Fraction of rows (of groups when grouped) for test (default 0.15). */
  readonly test?: number;
  /** Seed of the shuffle (default 0). */
  readonly seed?: number;
  /** Column whose classes each split keeps in proportion (usually the target). */
  readonly stratify?: string;
  /** Column of group ids that must not straddle splits. */
  readonly groups?: string;
}

/** The three tables and their row indices. */
export interface TableSplit {
  readonly train: Table;
  readonly validation: Table;
  readonly test: Table;
  readonly indices: SplitIndices;
}

/**
 * Splits a table into train, validation and test.
 *
 * @throws DataError for an unknown column or a missing label/group; ValueError for bad fractions.
 * @example
 * const { train, validation, test } = splitTable(table, { stratify: 'Revenue', seed: 0 }); // 70/15/15
 */
export function splitTable(table: Table, options: SplitTableOptions = {}): TableSplit {
  const keys = (name: string): SplitKey[] => {
    if (!table.has(name)) throw new DataError(`splitTable: no column '${name}'; the columns are [${table.names.join(', ')}]`);
    const column = table.column(name);
    return Array.from({ length: table.rowCount }, (_, i) => cellAt(column, i));
  };
  const indices = splitIndices(table.rowCount, {
    ...(options.validation === undefined ? {} : { validation: options.validation }),
    ...(options.test === undefined ? {} : { test: options.test }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.stratify === undefined ? {} : { stratify: keys(options.stratify) }),
    ...(options.groups === undefined ? {} : { groups: keys(options.groups) }),
  });
  return { train: table.take(indices.train), validation: table.take(indices.validation), test: table.take(indices.test), indices };
}
