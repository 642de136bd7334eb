/**
 * Pipeline: turns a Table into a feature tensor [N, F] with feature names, plus the encoded target,
 * by running chains of steps on column selections — scikit-learn's `ColumnTransformer` of
 * `Pipeline`s, for example:
 *
 *     numeric      → Imputer(median) → StandardScaler
 *     categorical  → Imputer(mostFrequent) → OneHotEncoder
 *     text         → TfidfVectorizer
 *
 * Every step is fitted on the training split only (`fit`), then applied unchanged to any split
 * (`transform`), and the whole pipeline — selections, fitted state, feature names, target classes —
 * serialises to JSON (`toJSON` / `Pipeline.fromJSON`), which is what a saved model keeps so
 * prediction repeats training's preprocessing exactly.
 *
 * Optional `clean` steps (DropMissingRows, DropDuplicates) run on the whole table before the branches
 * during `fit`, and during `transform` only when asked (`{ clean: true }`, for labelled evaluation
 * splits): at prediction time every input row gets an output row.
 */
import { DataError, ModelFormatError, tensor, ValueError, type Tensor } from '../../core/index.js';
import { missingMask, type ColumnType } from '../column.js';
import type { Table } from '../table.js';
import { JsonReader, type JsonValue } from './json-reader.js';
import { LabelEncoder } from './label-encoder.js';
import type { PreprocessStep, StepJson, TableTransformer } from './preprocess-step.js';
import { stepFromJSON } from './step-from-json.js';
import { TransformReport } from './transform-report.js';

/** Which columns a branch takes: named ones, or every column of some types not taken earlier. */
export type ColumnSelector = readonly string[] | { readonly types: readonly ColumnType[]; readonly exclude?: readonly string[] };

/** A chain of steps over a column selection. */
export interface PipelineBranch {
  /** A name for messages and JSON ('numeric', 'categorical', …). */
  readonly name: string;
  readonly columns: ColumnSelector;
  /** Table steps, optionally ending with one feature extractor (TF-IDF). */
  readonly steps: readonly PreprocessStep[];
}

/** What the model predicts. */
export type PipelineTask = 'classification' | 'regression';

/** Options of {@link Pipeline}. */
export interface PipelineOptions {
  readonly branches: readonly PipelineBranch[];
  /** The target column (left out of the features). */
  readonly target?: string;
  /** 'classification' (labels → class indices, int32) or 'regression' (numbers, float32); required with a target. */
  readonly task?: PipelineTask;
  /** Row-cleaning steps run before the branches while fitting (and on request when transforming). */
  readonly clean?: readonly TableTransformer[];
}

/** Options of {@link Pipeline.transform}. */
export interface PipelineTransformOptions {
  /** Run the clean steps first, which may drop rows (default false). */
  readonly clean?: boolean;
}

/** The features (and target) of one split. */
export interface PipelineOutput {
  /** float32 [rows, features]. */
  readonly x: Tensor;
  /** The encoded target when the table has the target column: int32 [rows] class indices or float32 [rows]. */
  readonly y?: Tensor;
  readonly featureNames: readonly string[];
  /** Rows after cleaning. */
  readonly rowCount: number;
  /** Unknown categories, missing cells, clipped values and dropped rows met on the way. */
  readonly report: TransformReport;
}

/** The pipeline JSON's format tag. */
export const PIPELINE_FORMAT = 'sprout.pipeline';
const PIPELINE_VERSION = 1;

interface FittedBranch {
  readonly columns: readonly string[];
  readonly featureNames: readonly string[];
}

/**
 * A fitted-on-training, saved-with-the-model feature pipeline.
 *
 * @example
 * const pipeline = new Pipeline({
 *   target: 'Revenue', task: 'classification',
 *   branches: [
 *     { name: 'numeric', columns: { types: ['numeric'] }, steps: [new Imputer({ strategy: 'median' }), new StandardScaler()] },
 *     { name: 'categorical', columns: { types: ['categorical'] }, steps: [new Imputer({ strategy: 'mostFrequent' }), new OneHotEncoder()] },
 *   ],
 * });
 * const { x, y } = pipeline.fitTransform(train);   // x float32 [N, F], y int32 [N]
 * const test = pipeline.transform(testTable);
 * const saved = JSON.stringify(pipeline);            // restore with Pipeline.fromJSON(JSON.parse(saved))
 */
export class Pipeline {
  readonly kind = 'Pipeline';
  readonly branches: readonly PipelineBranch[];
  readonly target: string | undefined;
  readonly task: PipelineTask | undefined;
  readonly clean: readonly TableTransformer[];
  private labelEncoder: LabelEncoder | null = null;
  private fittedBranches: readonly FittedBranch[] | null = null;

  /** @throws ValueError for duplicate branch names, a misplaced feature extractor, or a target without a task. */
  constructor(options: PipelineOptions) {
    const names = new Set<string>();
    for (const branch of options.branches) {
      if (names.has(branch.name)) throw new ValueError(`Pipeline: branch name '${branch.name}' appears twice`);
      names.add(branch.name);
      branch.steps.forEach((step, i) => {
        if (step.output === 'matrix' && i !== branch.steps.length - 1) throw new ValueError(`Pipeline: branch '${branch.name}': the feature extractor ${step.kind} must be the last step`);
      });
    }
    if (options.target !== undefined && options.task === undefined) throw new ValueError(`Pipeline: target '${options.target}' needs a task ('classification' or 'regression')`);
    if (options.task !== undefined && options.task !== 'classification' && options.task !== 'regression') throw new ValueError(`Pipeline: task must be 'classification' or 'regression', got '${String(options.task)}'`);
    for (const step of options.clean ?? []) if (step.output !== 'table') throw new ValueError(`Pipeline: clean step ${(step as PreprocessStep).kind} must be a table step`);
    this.branches = [...options.branches];
    this.target = options.target;
    this.task = options.task;
    this.clean = [...(options.clean ?? [])];
  }

  /** Whether `fit` has run (or the pipeline was restored fitted). */
  get fitted(): boolean {
    return this.fittedBranches !== null;
  }

  /**
   * The output feature names, in column order of `x`.
   *
   * @throws ValueError before fitting.
   */
  get featureNames(): string[] {
    return this.requireFitted('featureNames').flatMap((b) => b.featureNames);
  }

  /** The columns each branch took in training, by branch name. */
  get columnsByBranch(): Record<string, readonly string[]> {
    const fitted = this.requireFitted('columnsByBranch');
    return Object.fromEntries(this.branches.map((b, i) => [b.name, fitted[i]!.columns]));
  }

  /**
   * The target's class labels in index order (classification).
   *
   * @throws ValueError before fitting or without a classification target.
   */
  get classes(): readonly string[] {
    this.requireFitted('classes');
    if (this.labelEncoder === null) throw new ValueError('Pipeline.classes: the pipeline has no classification target');
    return this.labelEncoder.classes;
  }

  /**
   * Fits every step on the training split.
   *
   * @throws DataError for absent columns, a column two branches name, a branch output that is not
   *   numeric or still has missing cells, a target that does not fit the task; errors of the steps.
   */
  fit(table: Table): this {
    const report = new TransformReport();
    let train = table;
    for (const step of this.clean) train = step.fitTransform(train, report);
    if (train.rowCount === 0) throw new DataError('Pipeline.fit: no training rows are left after the clean steps');
    if (this.target !== undefined) {
      const column = this.requireColumn(train, this.target, 'fit', 'the target');
      if (this.task === 'classification') {
        this.labelEncoder = new LabelEncoder().fit(column);
      } else {
        this.labelEncoder = null;
        if (column.type !== 'numeric') throw new DataError(`Pipeline.fit: regression target '${this.target}' is ${column.type}; expected numeric`);
      }
    }
    const claimed = new Set<string>(this.target === undefined ? [] : [this.target]);
    const fitted: FittedBranch[] = [];
    const seenFeatures = new Set<string>();
    for (const branch of this.branches) {
      const columns = this.resolve(branch, train, claimed);
      let featureNames: string[] = [];
      if (columns.length > 0) {
        let part = train.select(columns);
        for (const step of branch.steps) {
          if (step.output === 'matrix') {
            step.fit(part);
            featureNames = [...step.featureNames];
          } else {
            part = step.fitTransform(part);
          }
        }
        if (branch.steps.at(-1)?.output !== 'matrix') featureNames = checkNumeric(branch.name, part, 'fit').names;
      }
      for (const name of featureNames) {
        if (seenFeatures.has(name)) throw new DataError(`Pipeline.fit: branch '${branch.name}' makes feature '${name}', which an earlier branch makes too`);
        seenFeatures.add(name);
      }
      fitted.push({ columns, featureNames });
    }
    if (seenFeatures.size === 0) throw new DataError(`Pipeline.fit: no branch produced a feature; the columns are [${train.names.join(', ')}]`);
    this.fittedBranches = fitted;
    return this;
  }

  /**
   * The features of any split, and its encoded target when the table has the target column.
   *
   * @throws ValueError before fitting; DataError for absent or re-typed columns, a branch output
   *   with missing cells (add an Imputer), or a target label unseen in training.
   * @example
   * const { x, report } = pipeline.transform(newRows);
   * report.lines(); // ['Month: 2 unseen categories or terms (encoded as unknown)']
   */
  transform(table: Table, options: PipelineTransformOptions = {}): PipelineOutput {
    const fitted = this.requireFitted('transform');
    const report = new TransformReport();
    let rows = table;
    if (options.clean === true) for (const step of this.clean) rows = step.transform(rows, report);
    const n = rows.rowCount;
    const width = fitted.reduce((s, b) => s + b.featureNames.length, 0);
    const data = new Float32Array(n * width);
    let offset = 0;
    this.branches.forEach((branch, b) => {
      const { columns, featureNames } = fitted[b]!;
      if (columns.length === 0) return;
      for (const name of columns) this.requireColumn(rows, name, 'transform', `a column of branch '${branch.name}'`);
      let part = rows.select(columns);
      let matrix: Float32Array | null = null;
      for (const step of branch.steps) {
        if (step.output === 'matrix') matrix = step.transformToArray(part, report);
        else part = step.transform(part, report);
      }
      const w = featureNames.length;
      if (matrix !== null) {
        for (let i = 0; i < n; i++) data.set(matrix.subarray(i * w, (i + 1) * w), i * width + offset);
      } else {
        const { names, columns: outputs } = checkNumeric(branch.name, part, 'transform');
        if (names.length !== w || names.some((name, j) => name !== featureNames[j])) {
          throw new DataError(`Pipeline.transform: branch '${branch.name}' made features [${names.join(', ')}], but training made [${featureNames.join(', ')}]`);
        }
        outputs.forEach((values, j) => {
          for (let i = 0; i < n; i++) data[i * width + offset + j] = values[i]!;
        });
      }
      offset += w;
    });
    const x = tensor(data, { shape: [n, width] });
    const y = this.target !== undefined && rows.has(this.target) ? this.encodeTarget(rows) : undefined;
    return { x, ...(y === undefined ? {} : { y }), featureNames: this.featureNames, rowCount: n, report };
  }

  /** `fit(table)` then `transform(table, { clean: true })`. */
  fitTransform(table: Table): PipelineOutput {
    return this.fit(table).transform(table, { clean: true });
  }

  /**
   * Class labels of predicted class indices (classification).
   *
   * @throws ValueError without a classification target or for an index out of range.
   * @example
   * pipeline.decodeLabels(predictions.argmax(-1).dataSync()); // ['TRUE', 'FALSE', …]
   */
  decodeLabels(indices: ArrayLike<number>): string[] {
    if (this.labelEncoder === null) throw new ValueError('Pipeline.decodeLabels: the pipeline has no fitted classification target');
    return this.labelEncoder.inverseTransform(indices);
  }

  /** The whole pipeline as JSON: options, fitted state and the steps' JSON. */
  toJSON(): { readonly [key: string]: JsonValue } {
    const selector = (s: ColumnSelector): JsonValue => (isNames(s) ? { names: [...s] } : { types: [...s.types], exclude: [...(s.exclude ?? [])] });
    return {
      format: PIPELINE_FORMAT,
      version: PIPELINE_VERSION,
      target: this.target ?? null,
      task: this.task ?? null,
      clean: this.clean.map((s) => stepJson(s)),
      branches: this.branches.map((b, i) => ({
        name: b.name,
        columns: selector(b.columns),
        steps: b.steps.map((s) => stepJson(s)),
        fitted: this.fittedBranches === null ? null : { columns: [...this.fittedBranches[i]!.columns], featureNames: [...this.fittedBranches[i]!.featureNames] },
      })),
      labels: this.labelEncoder === null ? null : stepJson(this.labelEncoder),
      fitted: this.fittedBranches !== null,
    };
  }

  /**
   * Restores a pipeline from {@link toJSON} output — the parsed object, or the JSON text —
   * validating every field; nothing in the JSON is executed.
   *
   * @throws ModelFormatError for text that is not JSON, or malformed or inconsistent JSON.
   * @example
   * const pipeline = Pipeline.fromJSON(readFileSync('model/preprocessing.json', 'utf8'));
   */
  static fromJSON(json: unknown): Pipeline {
    let value = json;
    if (typeof json === 'string') {
      try {
        value = JSON.parse(json) as unknown;
      } catch (e) {
        throw new ModelFormatError(`Pipeline.fromJSON: the text is not valid JSON (${(e as Error).message})`);
      }
    }
    const r = new JsonReader('Pipeline.fromJSON', value);
    if (r.field('format').string() !== PIPELINE_FORMAT) r.field('format').fail(`'${PIPELINE_FORMAT}'`);
    r.field('version').integer(PIPELINE_VERSION, PIPELINE_VERSION);
    const target = r.optionalField('target')?.string();
    const task = r.optionalField('task')?.oneOf(['classification', 'regression'] as const);
    const clean = r.field('clean').array().map((s, i): TableTransformer => {
      const step = stepFromJSON(s.value, `clean[${i}]`);
      return step.output === 'table' ? step : s.fail('a table step');
    });
    const fitted = r.field('fitted').boolean();
    const fittedBranches: FittedBranch[] = [];
    const branches = r.field('branches').array().map((b): PipelineBranch => {
      const sel = b.field('columns');
      const columns: ColumnSelector = sel.optionalField('names') !== undefined ? sel.field('names').strings() : { types: sel.field('types').array().map((t) => t.oneOf(['numeric', 'categorical', 'boolean', 'text'] as const)), exclude: sel.field('exclude').strings() };
      const steps = b.field('steps').array().map((s, i) => stepFromJSON(s.value, `${b.path}.steps[${i}]`));
      if (fitted) {
        const state = b.field('fitted');
        const stateColumns = state.field('columns').strings();
        if (stateColumns.length > 0 && steps.some((s) => !s.fitted)) b.field('steps').fail('fitted steps');
        fittedBranches.push({ columns: stateColumns, featureNames: state.field('featureNames').strings() });
      }
      return { name: b.field('name').string(), columns, steps };
    });
    const pipeline = construct(() => new Pipeline({ branches, clean, ...(target === undefined ? {} : { target }), ...(task === undefined ? {} : { task }) }));
    if (fitted) {
      if (task === 'classification' && target !== undefined) {
        const labels = r.field('labels');
        if (labels.isNull()) labels.fail('the target classes (a LabelEncoder)');
        pipeline.labelEncoder = LabelEncoder.fromJSON(labels.value);
        if (!pipeline.labelEncoder.fitted) labels.fail('a fitted LabelEncoder');
      }
      pipeline.fittedBranches = fittedBranches;
      const widths = fittedBranches.map((b, i) => {
        const last = branches[i]!.steps.at(-1);
        return last?.output === 'matrix' && b.columns.length > 0 ? last.featureNames.length : b.featureNames.length;
      });
      widths.forEach((w, i) => {
        if (w !== fittedBranches[i]!.featureNames.length) r.field('branches').array()[i]!.field('fitted').field('featureNames').fail(`${w} names, as many as the extractor's features`);
      });
    }
    return pipeline;
  }

  private requireFitted(op: string): readonly FittedBranch[] {
    if (this.fittedBranches === null) throw new ValueError(`Pipeline.${op}: the pipeline is not fitted; call fit(trainTable) first`);
    return this.fittedBranches;
  }

  private requireColumn(table: Table, name: string, op: string, role: string): ReturnType<Table['column']> {
    if (!table.has(name)) throw new DataError(`Pipeline.${op}: the table has no column '${name}' (${role}); the columns are [${table.names.join(', ')}]`);
    return table.column(name);
  }

  private resolve(branch: PipelineBranch, table: Table, claimed: Set<string>): string[] {
    let columns: string[];
    if (isNames(branch.columns)) {
      columns = [...branch.columns];
      for (const name of columns) {
        this.requireColumn(table, name, 'fit', `named by branch '${branch.name}'`);
        if (claimed.has(name)) throw new DataError(`Pipeline.fit: branch '${branch.name}' names column '${name}', which ${name === this.target ? 'is the target' : 'an earlier branch takes'}`);
      }
    } else {
      const { types, exclude = [] } = branch.columns;
      columns = table.columns.filter((c) => types.includes(c.type) && !claimed.has(c.name) && !exclude.includes(c.name)).map((c) => c.name);
    }
    for (const name of columns) claimed.add(name);
    return columns;
  }

  private encodeTarget(table: Table): Tensor {
    const column = table.column(this.target!);
    if (this.labelEncoder !== null) return tensor(this.labelEncoder.transform(column), { dtype: 'int32' });
    if (column.type !== 'numeric') throw new DataError(`Pipeline.transform: regression target '${column.name}' is ${column.type}; expected numeric`);
    const missing = missingMask(column).reduce((s, m) => s + m, 0);
    if (missing > 0) throw new DataError(`Pipeline.transform: target column '${column.name}' has ${missing} missing cells of ${table.rowCount}; drop those rows (transform with { clean: true } and a DropMissingRows clean step)`);
    return tensor(Float32Array.from(column.values), { dtype: 'float32' });
  }
}

function isNames(selector: ColumnSelector): selector is readonly string[] {
  return Array.isArray(selector);
}

function stepJson(step: { toJSON(): StepJson }): JsonValue {
  return step.toJSON() as unknown as JsonValue;
}

/** A branch's output columns as numbers, refusing text, categories and missing cells. */
function checkNumeric(branch: string, part: Table, op: string): { names: string[]; columns: ArrayLike<number>[] } {
  const columns = part.columns.map((column) => {
    if (column.type === 'categorical' || column.type === 'text') {
      throw new DataError(`Pipeline.${op}: branch '${branch}' leaves column '${column.name}' ${column.type}; end the branch with an encoder (OneHotEncoder, OrdinalEncoder) or TfidfVectorizer`);
    }
    const missing = missingMask(column).reduce((s, m) => s + m, 0);
    if (missing > 0) throw new DataError(`Pipeline.${op}: branch '${branch}' leaves ${missing} missing cells in column '${column.name}'; add an Imputer to the branch`);
    if (column.type === 'numeric') {
      const bad = column.values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new DataError(`Pipeline.${op}: branch '${branch}' leaves ${column.values[bad]} in column '${column.name}' at row ${bad}; replace infinite values first`);
    }
    return column.values;
  });
  return { names: part.names, columns };
}

function construct(make: () => Pipeline): Pipeline {
  try {
    return make();
  } catch (e) {
    if (e instanceof ValueError) throw new ModelFormatError(`Pipeline.fromJSON: ${e.message}`);
    throw e;
  }
}
