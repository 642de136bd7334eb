/**
 * tabularPipeline: the preprocessing `sprout train` fits on a table it has never seen. It is the
 * library's `defaultPipeline` (per column type: impute, scale, one-hot with an unknown bucket,
 * TF-IDF) with one cleaning default added: numeric columns are clipped to their training
 * [0.1 %, 99.9 %] quantiles before imputing, so a handful of typos (an age of 999) cannot stretch
 * the scaler. The clip comes first because the imputer adds 0/1 missing-indicator columns, which
 * must not be clipped. Duplicate rows are dropped by the caller before splitting, so a repeated row
 * cannot sit in both the training and the test split.
 *
 * Kept as a thin adapter in the CLI: if `defaultPipeline` gains clipping, this file shrinks to a call.
 */
import { defaultPipeline, OutlierClipper, Pipeline, type PipelineTask, type Table } from '../data/index.js';

/** The unfitted pipeline and the columns it leaves out, with why. */
export interface TabularPipeline {
  readonly pipeline: Pipeline;
  readonly ignored: readonly { readonly column: string; readonly reason: string }[];
}

/**
 * Builds (does not fit) the CLI's preprocessing for a training split.
 *
 * @param train The training split (used to choose steps by column type).
 * @param target The target column.
 * @param task Classification or regression.
 * @throws DataError when the target column is absent.
 * @example
 * const { pipeline } = tabularPipeline(train, 'target', 'classification');
 * const { x, y } = pipeline.fitTransform(train);
 */
export function tabularPipeline(train: Table, target: string, task: PipelineTask): TabularPipeline {
  const base = defaultPipeline(train, { target, task });
  const branches = base.pipeline.branches.map((branch) =>
    branch.name === 'numeric' ? { ...branch, steps: [new OutlierClipper({ method: 'quantile', lower: 0.001, upper: 0.999 }), ...branch.steps] } : branch,
  );
  const pipeline = new Pipeline({ target, task, branches, clean: base.pipeline.clean });
  return { pipeline, ignored: base.ignored };
}
