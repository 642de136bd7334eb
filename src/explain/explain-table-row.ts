/**
 * explainTableRow: a local explanation of one row of a table for a model that reads the table
 * through a fitted preprocessing Pipeline — what `sprout train` saves. The row goes through the
 * pipeline, the method explains the network's features, and the features are added back up into
 * the user's columns (attributions are additive), each with its raw cell. Classification explains
 * a class's probability; regression the prediction in the target's units. A server explaining a
 * request row and the `sprout explain` command share this one function.
 */
import { mean, type Tensor, ValueError, zeros } from '../core/index.js';
import { cellAt, type Pipeline, type PipelineTask, type Table } from '../data/index.js';
import type { Model } from '../train/index.js';
import { explainInput, type FeatureAttribution } from './explain-input.js';
import { featureColumns } from './feature-columns.js';
import type { IntegratedGradientsResult } from './integrated-gradients.js';
import { inEvalMode } from './predictor.js';

/** A trained tabular model with what it needs to read raw rows. */
export interface TabularModel {
  readonly model: Model;
  /** The fitted pipeline the model was trained behind. */
  readonly pipeline: Pipeline;
  readonly task: PipelineTask;
  /** Regression: the network predicts (y − mean) / std. */
  readonly targetScaling?: { readonly mean: number; readonly std: number } | null;
}

/** Options of {@link explainTableRow}. */
export interface ExplainTableRowOptions {
  /** A local method (default 'integrated-gradients'); see EXPLAIN_METHODS. */
  readonly method?: string;
  /** Classification: the class label to explain (default: the predicted class). */
  readonly target?: string;
  /**
   * Rows whose mean (in feature space) is the integrated-gradients baseline, so attributions say how
   * this row differs from an average one. Default: the table's rows when it has more than one, else
   * all-zero features (the training mean of standardised columns, no category of one-hot ones).
   */
  readonly background?: Table;
  /** Integrated gradients' steps (default 50). */
  readonly steps?: number;
  /** SmoothGrad's seed (default 0). */
  readonly seed?: number;
}

/** One of the user's columns in a row explanation. */
export interface ColumnAttribution {
  readonly column: string;
  /** The raw cell ('' when the column is not in the table, '(missing)' for an empty cell). */
  readonly value: string;
  /** The sum of the column's features' attributions. */
  readonly attribution: number;
}

/** What {@link explainTableRow} returns (plain data). */
export interface TableRowExplanation {
  readonly method: string;
  readonly row: number;
  /** Classification: the explained class label; regression: null. */
  readonly label: string | null;
  /** The explained output: the class probability, or the prediction in the target's units. */
  readonly output: number;
  /** Integrated gradients: the output at the baseline and how well the attributions add up. */
  readonly baselineOutput?: number;
  readonly completenessGap?: number;
  readonly relativeGap?: number;
  /** The user's columns, largest |attribution| first. */
  readonly columns: ColumnAttribution[];
  /** The network's features, largest |attribution| first. */
  readonly features: FeatureAttribution[];
}

/**
 * Explains one row of a table.
 *
 * @param tabular The model, its pipeline, task and target scaling.
 * @param table Rows in the training columns (a target column is ignored).
 * @param row The row to explain (0 = first).
 * @throws ValueError for a row out of range, an unknown class or method; DataError from the
 *   pipeline for a table without the model's columns.
 * @example
 * const why = explainTableRow({ model, pipeline, task: 'classification' }, table, 3);
 * why.columns[0]; // { column: 'tenure', value: '2', attribution: 0.31 }
 */
export function explainTableRow(tabular: TabularModel, table: Table, row: number, options: ExplainTableRowOptions = {}): TableRowExplanation {
  const { model, pipeline, task } = tabular;
  const n = table.rowCount;
  if (!Number.isInteger(row) || row < 0 || row >= n) throw new ValueError(`explainTableRow: row ${row} is out of range: the table has ${n} row${n === 1 ? '' : 's'} (0 … ${n - 1})`);
  const features = (t: Table): Tensor => pipeline.transform(pipeline.target !== undefined && t.has(pipeline.target) ? t.drop([pipeline.target]) : t).x;
  const input = features(table.take([row])).select(0, 0);
  const background = options.background ?? (n > 1 ? table : null);
  const baseline = background === null ? zeros([input.size]) : mean(features(background), 0);
  const classification = task === 'classification';
  let target: number | undefined;
  if (classification && options.target !== undefined) {
    target = pipeline.classes.indexOf(options.target);
    if (target < 0) throw new ValueError(`explainTableRow: target '${options.target}' is not a class of the model; the classes are: ${pipeline.classes.join(', ')}`);
  }
  // Regression: explain the prediction in the target's units, not the standardised ones.
  const scaling = tabular.targetScaling ?? { mean: 0, std: 1 };
  const predictor = classification ? model : (b: Tensor): Tensor => model.forward(b).reshape([-1]).mul(scaling.std).add(scaling.mean);
  const names = pipeline.featureNames;
  const result = inEvalMode(model, () =>
    explainInput(predictor, input, {
      featureNames: names,
      probabilities: classification,
      baseline,
      ...(options.method === undefined ? {} : { method: options.method }),
      ...(options.steps === undefined ? {} : { steps: options.steps }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(target === undefined ? {} : { target }),
    }),
  );
  const a = result.attribution;
  const columns = featureColumns(names, Object.values(pipeline.columnsByBranch).flat())
    .map((g): ColumnAttribution => ({ column: g.column, value: rawCell(table, g.column, row), attribution: g.features.reduce((s, f) => s + a.values[f]!, 0) }))
    .sort((p, q) => Math.abs(q.attribution) - Math.abs(p.attribution));
  const ig = a.method === 'integrated-gradients' ? (a as IntegratedGradientsResult) : null;
  return {
    method: result.method,
    row,
    label: classification ? pipeline.classes[a.target]! : null,
    output: a.output,
    ...(ig === null ? {} : { baselineOutput: ig.baselineOutput, completenessGap: ig.completenessGap, relativeGap: ig.relativeGap }),
    columns,
    features: result.features,
  };
}

function rawCell(table: Table, column: string, row: number): string {
  if (!table.has(column)) return '';
  const v = cellAt(table.column(column), row);
  return v === null ? '(missing)' : String(v);
}
