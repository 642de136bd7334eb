/**
 * tableImportance: the global explanation view of a table model — permutation importance of each
 * of the user's columns (Breiman 2001; one-hot and missing-indicator features of a column are
 * shuffled together), scored on rows of the file the run trained on. Those rows include the
 * training split, so the figures say what the model relies on, not how it generalises; the page
 * says which rows were used.
 */
import { featureColumns, permutationImportance } from '../explain/index.js';
import type { Table } from '../data/index.js';
import type { TabularModel } from '../node/index.js';

/** One column's importance. */
export interface ColumnImportance {
  readonly column: string;
  /** Mean drop of the score when the column is shuffled. */
  readonly importance: number;
  /** Standard deviation of the drops over the repeats. */
  readonly std: number;
}

/** What {@link tableImportance} returns (plain data). */
export interface TableImportance {
  readonly method: 'permutation';
  /** 'accuracy' (classification) or 'r2' (regression). */
  readonly metric: string;
  /** The score with every column intact. */
  readonly baselineScore: number;
  readonly rows: number;
  readonly repeats: number;
  /** Most important first. */
  readonly columns: ColumnImportance[];
}

/**
 * Permutation importance of a table model's columns on `table`.
 *
 * @param tabular The model with its pipeline and metadata.
 * @param table Rows with the model's columns and its target column.
 * @param repeats Shuffles per column.
 * @returns The importances, or a string saying why they cannot be computed (no target column,
 *   fewer than two rows with a target).
 * @example
 * const result = tableImportance(await loadTabularModel('models/churn'), sample, 3);
 */
export function tableImportance(tabular: TabularModel, table: Table, repeats: number): TableImportance | string {
  const { model, pipeline, metadata } = tabular;
  if (!table.has(metadata.target)) return `the data file has no target column '${metadata.target}' to score the model against`;
  const missing = Object.values(pipeline.columnsByBranch).flat().filter((c) => !table.has(c));
  if (missing.length > 0) return `the data file lacks the model's column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`;
  const { x, y, rowCount } = pipeline.transform(table, { clean: true });
  if (rowCount < 2) return `the data file has ${rowCount} row${rowCount === 1 ? '' : 's'} with a target value; permutation importance needs at least 2`;
  // R² is unchanged when truth and prediction are both standardised, so regression compares in the network's units.
  const scaling = metadata.targetScaling ?? { mean: 0, std: 1 };
  const truth = metadata.task === 'classification' ? y!.dataSync() : Float64Array.from(y!.dataSync(), (v) => (v - scaling.mean) / scaling.std);
  const groups = featureColumns(pipeline.featureNames, Object.values(pipeline.columnsByBranch).flat()).map((g) => ({ name: g.column, columns: g.features }));
  const result = permutationImportance(model, x, truth, { repeats, seed: 0, groups });
  return {
    method: 'permutation',
    metric: result.metric,
    baselineScore: result.baselineScore,
    rows: rowCount,
    repeats,
    columns: result.features.map((f) => ({ column: f.name, importance: f.mean, std: f.std })).sort((a, b) => b.importance - a.importance),
  };
}
