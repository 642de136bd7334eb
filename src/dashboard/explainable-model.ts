/**
 * explainableModel: a run's model folder, read for the dashboard's explanation views and sorted by
 * what the dashboard can explain — a table model written by `sprout train` (metadata.producer
 * 'sprout-cli/1': its rows go through the saved preprocessing, so each of the user's columns gets
 * an attribution), a text classifier (metadata.text: words get attributions), or anything else,
 * which is described rather than refused. Loading parses JSON and safetensors only; nothing in the
 * folder is executed (DESIGN.md, principle 9).
 */
import { join } from 'node:path';
import { TextClassifier } from '../apps/text/index.js';
import { loadModelFolder, MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE, TABULAR_MODEL_PRODUCER, tabularModelFromLoaded, type TabularModel } from '../node/index.js';
import { FileKeyedCache } from './file-keyed-cache.js';

/** The kinds of model the dashboard explains, in the words the page shows. */
export const EXPLAINABLE_KINDS: readonly string[] = [
  "table models trained by 'sprout train --data file.csv' (feature importance and per-column attributions)",
  "text classifiers of the text pipeline ('sprout train --pipeline text'; per-word attributions)",
];

/** A model folder, sorted by what the dashboard can explain. */
export type ExplainableModel =
  | { readonly kind: 'tabular'; readonly tabular: TabularModel }
  | { readonly kind: 'text'; readonly classifier: TextClassifier }
  | { readonly kind: 'none'; readonly reason: string };

/** Loaded models by their files' identity (a few: each holds its weights in memory). */
const cache = new FileKeyedCache<ExplainableModel>(4);

/**
 * Reads a model folder for explanation.
 *
 * @param dir The model folder.
 * @throws ModelFormatError when the folder is missing or damaged, or its metadata claims a kind
 *   but is malformed (the message names the field).
 * @example
 * const found = await explainableModel('models/churn');
 * if (found.kind === 'tabular') explainTableRow(…);
 */
export function explainableModel(dir: string): Promise<ExplainableModel> {
  return cache.get([join(dir, MODEL_CONFIG_FILE), join(dir, MODEL_WEIGHTS_FILE)], async (): Promise<ExplainableModel> => {
    const loaded = await loadModelFolder(dir);
    const metadata = loaded.config.metadata;
    if (metadata['producer'] === TABULAR_MODEL_PRODUCER) {
      return { kind: 'tabular', tabular: { ...tabularModelFromLoaded(dir, loaded.config), model: loaded.model, config: loaded.config } };
    }
    if (metadata['text'] !== undefined) return { kind: 'text', classifier: TextClassifier.fromModel(loaded.model, loaded.config) };
    return {
      kind: 'none',
      reason: `the model in '${dir}' has neither metadata.producer '${TABULAR_MODEL_PRODUCER}' (a 'sprout train' table model) nor metadata.text (a text classifier), so the dashboard does not know what input it reads`,
    };
  });
}
