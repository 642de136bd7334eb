/**
 * inferTask: classification or regression from the target column, for `sprout train --task auto`.
 * Labels (boolean, categorical, text) are classification. A numeric target is classification when
 * every value is an integer and there are at most `maxClasses` distinct values (digit labels 0–9,
 * ratings 1–5), and regression otherwise (prices, durations, the diabetes progression score).
 */
import { DataError } from '../../core/index.js';
import type { Column } from '../column.js';
import type { PipelineTask } from './pipeline.js';

/**
 * The task a target column implies.
 *
 * @param column The target column.
 * @param maxClasses Most distinct integers still read as classes (default 20).
 * @throws DataError when the column has no present value.
 * @example
 * inferTask(table.column('Revenue')); // 'classification' (boolean)
 * inferTask(table.column('target'));  // 'regression' (214 distinct integers)
 */
export function inferTask(column: Column, maxClasses = 20): PipelineTask {
  if (column.type !== 'numeric') return 'classification';
  const distinct = new Set<number>();
  for (const v of column.values) {
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v)) return 'regression';
    distinct.add(v);
  }
  if (distinct.size === 0) throw new DataError(`inferTask: target column '${column.name}' has no present value`);
  return distinct.size <= maxClasses ? 'classification' : 'regression';
}
