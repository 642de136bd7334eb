/**
 * loadTabularModel: a model folder written by `sprout train`, read back by every face that runs
 * one — the CLI's `evaluate`, `predict` and `info`, and the HTTP service. The folder is a plain
 * `saveModel` folder; what makes it a tabular model is its metadata, which holds everything
 * prediction needs besides the weights — the fitted preprocessing pipeline (its JSON), the
 * training column types, the task, the target and, for regression, how the target was
 * standardised — plus the test metrics and data sizes that `info` shows. Every field is validated
 * on load and nothing in it is executed (DESIGN.md, principle 9).
 *
 * It lives here, below the faces, because two of them need it (DESIGN.md, principle 1).
 */
import { ModelFormatError } from '../core/index.js';
import { Pipeline, type ColumnType, type PipelineTask } from '../data/index.js';
import type { JsonValue } from '../nn/index.js';
import type { Model, ModelConfig } from '../train/index.js';
import { loadModelFolder } from './load-model-folder.js';

/** The metadata `sprout train` stores in the model's config.json. */
export interface TabularModelMetadata {
  readonly [key: string]: JsonValue;
  /** Always {@link TABULAR_MODEL_PRODUCER}. */
  readonly producer: string;
  readonly task: PipelineTask;
  readonly target: string;
  /** Types of the training file's columns, enforced when reading new files. */
  readonly columnTypes: { readonly [name: string]: ColumnType };
  /** The fitted Pipeline's JSON. */
  readonly preprocessing: JsonValue;
  /** Regression: the model predicts (y − mean) / std. */
  readonly targetScaling: { readonly mean: number; readonly std: number } | null;
  /** Metrics on the test split. */
  readonly metrics: { readonly [name: string]: number };
  /** Where the model came from: file, rows and split sizes, features, epochs, seed. */
  readonly training: { readonly [key: string]: JsonValue };
}

/** Tag of the metadata format that `sprout train` writes. */
export const TABULAR_MODEL_PRODUCER = 'sprout-cli/1';

/** A loaded tabular model. */
export interface TabularModel {
  readonly model: Model;
  readonly config: ModelConfig;
  readonly pipeline: Pipeline;
  readonly metadata: TabularModelMetadata;
}

const TYPES: readonly ColumnType[] = ['numeric', 'categorical', 'boolean', 'text'];

/**
 * Loads a folder written by `sprout train`.
 *
 * @param dir The model folder.
 * @throws ModelFormatError when the folder is missing, damaged, or was not written by `sprout train`
 *   (the message starts "cannot load the model folder …" or "… is not a model written by 'sprout train'").
 * @example
 * const { model, pipeline, metadata } = await loadTabularModel('models/digits');
 */
export async function loadTabularModel(dir: string): Promise<TabularModel> {
  const loaded = await loadModelFolder(dir);
  return { ...tabularModelFromLoaded(dir, loaded.config), model: loaded.model, config: loaded.config };
}

/**
 * Checks a loaded config's metadata and rebuilds its preprocessing.
 *
 * @param dir The folder, for messages.
 * @param config The loaded config.
 * @throws ModelFormatError naming the metadata field that is wrong.
 */
export function tabularModelFromLoaded(dir: string, config: ModelConfig): Omit<TabularModel, 'model' | 'config'> {
  const bad = (what: string): never => {
    throw new ModelFormatError(`'${dir}' is not a model written by 'sprout train': ${what}`);
  };
  const meta = config.metadata;
  if (meta['producer'] !== TABULAR_MODEL_PRODUCER) bad(`metadata.producer is ${JSON.stringify(meta['producer'] ?? null)}, expected '${TABULAR_MODEL_PRODUCER}'`);
  const task = meta['task'];
  if (task !== 'classification' && task !== 'regression') return bad(`metadata.task is ${JSON.stringify(task ?? null)}`);
  const target = meta['target'];
  if (typeof target !== 'string') return bad('metadata.target is not a string');
  const columnTypes = meta['columnTypes'];
  if (!isObject(columnTypes) || Object.values(columnTypes).some((t) => !TYPES.includes(t as ColumnType))) return bad('metadata.columnTypes is not a map of column types');
  const scaling = meta['targetScaling'];
  if (scaling !== null && !(isObject(scaling) && isFiniteNumber(scaling['mean']) && isFiniteNumber(scaling['std']) && scaling['std'] > 0)) return bad('metadata.targetScaling is malformed');
  if (task === 'regression' && scaling === null) bad('metadata.targetScaling is missing');
  const metrics = meta['metrics'];
  if (!isObject(metrics)) return bad('metadata.metrics is not an object');
  const training = meta['training'];
  if (!isObject(training)) return bad('metadata.training is not an object');
  let pipeline: Pipeline;
  try {
    pipeline = Pipeline.fromJSON(meta['preprocessing']);
  } catch (error) {
    if (error instanceof ModelFormatError) return bad(`metadata.preprocessing: ${error.message}`);
    throw error;
  }
  if (!pipeline.fitted || pipeline.target !== target || pipeline.task !== task) bad('metadata.preprocessing does not match the task and target');
  return { pipeline, metadata: meta as TabularModelMetadata };
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: JsonValue | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
