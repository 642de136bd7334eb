/**
 * checkTrainingTable: the checks `sprout train` and `sprout tune` make on a labelled file before
 * spending any time on it, each failing with one line that says what to change — an unknown target
 * (listing the columns), a column with no value at all, a regression target that is not numeric,
 * a classification target with a single class.
 */
import { cellAt, inferTask, type PipelineTask, type Table } from '../data/index.js';
import { CliError } from './cli-error.js';

/**
 * Validates the table and settles the task.
 *
 * @param table The file's rows.
 * @param file The file's path, for messages.
 * @param target The target column.
 * @param task 'auto' (inferred from the target), 'classification' or 'regression'.
 * @returns The task.
 * @throws CliError naming the problem.
 * @example
 * const task = checkTrainingTable(table, 'iris.csv', 'target', 'auto'); // 'classification'
 */
export function checkTrainingTable(table: Table, file: string, target: string, task: PipelineTask | 'auto'): PipelineTask {
  if (!table.has(target)) throw new CliError(`no column '${target}' in '${file}'; the columns are: ${table.names.join(', ')}`);
  const missing = table.missingCounts();
  for (const name of table.names) {
    if (missing[name] === table.rowCount) throw new CliError(`column '${name}' in '${file}' has no values (every cell is missing); remove the column or fill it in`);
  }
  const column = table.column(target);
  const resolved = task === 'auto' ? inferTask(column) : task;
  if (resolved === 'regression' && column.type !== 'numeric') throw new CliError(`target column '${target}' is ${column.type}, but regression needs numbers; use --task classification`);
  if (resolved === 'classification') {
    const classes = new Set<string>();
    for (let i = 0; i < table.rowCount; i++) {
      const value = cellAt(column, i);
      if (value !== null) classes.add(String(value));
    }
    if (classes.size < 2) throw new CliError(`target column '${target}' has only one class ('${[...classes][0] ?? ''}'); classification needs at least two`);
  }
  return resolved;
}
