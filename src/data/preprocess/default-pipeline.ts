/**
 * defaultPipeline: the preprocessing `sprout train` uses on a table it has never seen, chosen by
 * column type from the training split:
 *
 * | columns     | steps                                                            |
 * |-------------|------------------------------------------------------------------|
 * | numeric     | Imputer(median, missing indicators) → StandardScaler            |
 * | boolean     | Imputer(mostFrequent) (then 0/1)                                 |
 * | categorical | Imputer(mostFrequent) → OneHotEncoder(unknown bucket)            |
 * | text        | TfidfVectorizer(words, minFrequency 2, maxSize 2,000)            |
 *
 * Rows without a target are dropped while fitting (a clean step). Categorical columns with more
 * than `maxCategories` training categories (identifiers, free-form codes) and columns with no
 * present value are left out, and listed in `ignored`, rather than making thousands of one-hot
 * columns or failing.
 */
import { DataError } from '../../core/index.js';
import { missingMask } from '../column.js';
import type { Table } from '../table.js';
import { DropMissingRows } from './drop-missing-rows.js';
import { Imputer } from './imputer.js';
import { inferTask } from './infer-task.js';
import { OneHotEncoder } from './one-hot-encoder.js';
import { Pipeline, type PipelineBranch, type PipelineTask } from './pipeline.js';
import { StandardScaler } from './standard-scaler.js';
import { TfidfVectorizer } from './tfidf-vectorizer.js';

/** Options of {@link defaultPipeline}. */
export interface DefaultPipelineOptions {
  /** The target column. */
  readonly target: string;
  /** The task (default: {@link inferTask} of the target). */
  readonly task?: PipelineTask;
  /** Leave out categorical columns with more training categories than this (default 100). */
  readonly maxCategories?: number;
  /** Vocabulary size of each text column's TF-IDF (default 2,000). */
  readonly maxTextFeatures?: number;
}

/** The pipeline and the columns it leaves out, with why. */
export interface DefaultPipeline {
  readonly pipeline: Pipeline;
  readonly task: PipelineTask;
  readonly ignored: readonly { readonly column: string; readonly reason: string }[];
}

/**
 * The default preprocessing for a training table (not yet fitted).
 *
 * @throws DataError when the target column is absent.
 * @example
 * const { pipeline } = defaultPipeline(train, { target: 'Revenue' });
 * const { x, y } = pipeline.fitTransform(train);
 * const test = pipeline.transform(testTable, { clean: true });
 */
export function defaultPipeline(train: Table, options: DefaultPipelineOptions): DefaultPipeline {
  const { target } = options;
  if (!train.has(target)) throw new DataError(`defaultPipeline: no target column '${target}'; the columns are [${train.names.join(', ')}]`);
  const task = options.task ?? inferTask(train.column(target));
  const maxCategories = options.maxCategories ?? 100;
  const ignored: { column: string; reason: string }[] = [];
  const byType: Record<'numeric' | 'boolean' | 'categorical' | 'text', string[]> = { numeric: [], boolean: [], categorical: [], text: [] };
  for (const column of train.columns) {
    if (column.name === target) continue;
    const missing = missingMask(column).reduce((s, m) => s + m, 0);
    if (missing === train.rowCount) {
      ignored.push({ column: column.name, reason: 'every cell is missing' });
      continue;
    }
    if (column.type === 'categorical') {
      const used = new Set(column.codes).size - (missing > 0 ? 1 : 0);
      if (used > maxCategories) {
        ignored.push({ column: column.name, reason: `${used} categories (more than maxCategories ${maxCategories})` });
        continue;
      }
    }
    byType[column.type].push(column.name);
  }
  const branches: PipelineBranch[] = [];
  if (byType.numeric.length > 0) branches.push({ name: 'numeric', columns: byType.numeric, steps: [new Imputer({ strategy: 'median', addIndicator: true }), new StandardScaler()] });
  if (byType.boolean.length > 0) branches.push({ name: 'boolean', columns: byType.boolean, steps: [new Imputer({ strategy: 'mostFrequent' })] });
  if (byType.categorical.length > 0) branches.push({ name: 'categorical', columns: byType.categorical, steps: [new Imputer({ strategy: 'mostFrequent' }), new OneHotEncoder()] });
  for (const name of byType.text) {
    branches.push({ name: `text:${name}`, columns: [name], steps: [new TfidfVectorizer({ columns: [name], minFrequency: 2, maxSize: options.maxTextFeatures ?? 2000 })] });
  }
  const pipeline = new Pipeline({ target, task, branches, clean: [new DropMissingRows({ columns: [target] })] });
  return { pipeline, task, ignored };
}
