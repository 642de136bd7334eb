/**
 * The contract every preprocessing step keeps: `fit` on the training split only, `transform` any
 * split (counting what it handles in a {@link TransformReport}), and `toJSON` / `fromJSON` so a
 * saved model restores the step exactly. A step's JSON is `{ kind, version, options, state }`:
 * `kind` is the step's registered name (never `constructor.name`, which minifiers change),
 * `options` what the user chose, `state` what `fit` learned (null before fitting).
 */
import { ValueError } from '../../core/index.js';
import type { Table } from '../table.js';
import { JsonReader, type JsonValue } from './json-reader.js';
import type { TransformReport } from './transform-report.js';

/** The JSON form of a step. */
export interface StepJson {
  readonly kind: string;
  readonly version: number;
  readonly options: { readonly [key: string]: JsonValue };
  readonly state: JsonValue;
}

/** A step that maps a table to a table (imputers, scalers, encoders, row filters). */
export interface TableTransformer {
  /** The registered name, as written in JSON. */
  readonly kind: string;
  readonly output: 'table';
  /** Whether `fit` has run (or state was restored from JSON). */
  readonly fitted: boolean;
  /** Learns the step's state from the training split; returns this. */
  fit(table: Table): this;
  /** Applies the learned state to any split. */
  transform(table: Table, report?: TransformReport): Table;
  /** `fit(table)` then `transform(table)`. */
  fitTransform(table: Table, report?: TransformReport): Table;
  toJSON(): StepJson;
}

/** A step that maps a table to a dense float32 feature matrix (TF-IDF). */
export interface FeatureExtractor {
  readonly kind: string;
  readonly output: 'matrix';
  readonly fitted: boolean;
  /** One name per output feature, in column order. */
  readonly featureNames: readonly string[];
  fit(table: Table): this;
  /** The features as a row-major [rows, featureNames.length] array. */
  transformToArray(table: Table, report?: TransformReport): Float32Array;
  toJSON(): StepJson;
}

/** Any preprocessing step. */
export type PreprocessStep = TableTransformer | FeatureExtractor;

/** The JSON format version the steps write. */
export const STEP_JSON_VERSION = 1;

/**
 * Checks a step's JSON header and returns readers for its options and state.
 *
 * @param json The parsed JSON.
 * @param kind The kind the caller restores.
 * @throws ModelFormatError when the JSON is not a step of this kind and version.
 * @example
 * const { options, state } = openStepJson(json, 'StandardScaler');
 */
export function openStepJson(json: unknown, kind: string): { options: JsonReader; state: JsonReader } {
  const root = new JsonReader(`${kind}.fromJSON`, json);
  const actual = root.field('kind').string();
  if (actual !== kind) root.field('kind').fail(`'${kind}'`);
  root.field('version').integer(STEP_JSON_VERSION, STEP_JSON_VERSION);
  return { options: root.field('options'), state: root.field('state') };
}

/**
 * `{ columns }` when a step's options JSON names columns, else `{}` (for exactOptionalPropertyTypes).
 *
 * @throws ModelFormatError when `columns` is neither null nor an array of strings.
 * @example
 * new Imputer({ strategy: 'median', ...readColumnsOption(options) });
 */
export function readColumnsOption(options: JsonReader): { columns?: string[] } {
  const columns = options.optionalField('columns');
  return columns === undefined ? {} : { columns: columns.strings() };
}

/**
 * Runs a step's constructor on options read from JSON, turning its ValueError (a range or choice
 * the constructor rejects) into a ModelFormatError at the options' path.
 *
 * @throws ModelFormatError when the constructor rejects the options.
 * @example
 * const step = constructFromJson(options, () => new MinMaxScaler({ featureRange: [lo, hi] }));
 */
export function constructFromJson<T>(options: JsonReader, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof ValueError) options.fail(`valid options (${e.message})`);
    throw e;
  }
}
