/**
 * The registry of preprocessing steps by kind: how a saved model's JSON becomes steps again. Each
 * kind maps to its class's validating `fromJSON`; a kind that is not registered is a
 * ModelFormatError, never a lookup of code by a name taken from the file.
 */
import { ModelFormatError } from '../../core/index.js';
import { DropDuplicates } from './drop-duplicates.js';
import { DropMissingRows } from './drop-missing-rows.js';
import { Imputer } from './imputer.js';
import { JsonReader } from './json-reader.js';
import { MinMaxScaler } from './min-max-scaler.js';
import { MissingIndicator } from './missing-indicator.js';
import { OneHotEncoder } from './one-hot-encoder.js';
import { OrdinalEncoder } from './ordinal-encoder.js';
import { OutlierClipper } from './outlier-clipper.js';
import type { PreprocessStep } from './preprocess-step.js';
import { RobustScaler } from './robust-scaler.js';
import { StandardScaler } from './standard-scaler.js';
import { TextNormalizer } from './text-normalizer.js';
import { TfidfVectorizer } from './tfidf-vectorizer.js';

const REGISTRY = new Map<string, (json: unknown) => PreprocessStep>([
  ['DropDuplicates', (j) => DropDuplicates.fromJSON(j)],
  ['DropMissingRows', (j) => DropMissingRows.fromJSON(j)],
  ['Imputer', (j) => Imputer.fromJSON(j)],
  ['MinMaxScaler', (j) => MinMaxScaler.fromJSON(j)],
  ['MissingIndicator', (j) => MissingIndicator.fromJSON(j)],
  ['OneHotEncoder', (j) => OneHotEncoder.fromJSON(j)],
  ['OrdinalEncoder', (j) => OrdinalEncoder.fromJSON(j)],
  ['OutlierClipper', (j) => OutlierClipper.fromJSON(j)],
  ['RobustScaler', (j) => RobustScaler.fromJSON(j)],
  ['StandardScaler', (j) => StandardScaler.fromJSON(j)],
  ['TextNormalizer', (j) => TextNormalizer.fromJSON(j)],
  ['TfidfVectorizer', (j) => TfidfVectorizer.fromJSON(j)],
]);

/**
 * Registers a custom step kind so pipelines holding it can be restored. The kind must be the
 * string the step writes in `toJSON().kind`.
 *
 * @throws ModelFormatError when the kind is already registered.
 * @example
 * registerStep('LogTransform', (json) => LogTransform.fromJSON(json));
 */
export function registerStep(kind: string, fromJSON: (json: unknown) => PreprocessStep): void {
  if (REGISTRY.has(kind)) throw new ModelFormatError(`registerStep: a step kind '${kind}' is already registered`);
  REGISTRY.set(kind, fromJSON);
}

/**
 * Restores any registered step from its JSON.
 *
 * @throws ModelFormatError for malformed JSON or an unregistered kind.
 * @example
 * const step = stepFromJSON(JSON.parse(text));
 */
export function stepFromJSON(json: unknown, path = 'step'): PreprocessStep {
  const kind = new JsonReader('stepFromJSON', json, path).field('kind').string();
  const restore = REGISTRY.get(kind);
  if (restore === undefined) throw new ModelFormatError(`stepFromJSON: ${path}.kind '${kind}' is not a registered step; known: [${[...REGISTRY.keys()].join(', ')}]`);
  return restore(json);
}
