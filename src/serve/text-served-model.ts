/**
 * textServedModel: a text-pipeline classifier (src/apps/text) run on JSON strings. Each prediction
 * carries the label (the out-of-scope label when flagged), the top intent, its confidence, whether
 * the text was judged out of scope, and every class's probability — `TextClassifier.predict`'s
 * answer. Explanations are `explainText`'s: an attribution per token of the predicted class's
 * probability (layer integrated gradients through the embeddings for a Transformer; any local
 * method on the TF-IDF vector for TF-IDF + MLP).
 */
import { explainText, textExplainMethods, type TextClassifier } from '../apps/text/index.js';
import type { BatchServedModel, Prediction } from './served-model.js';

/**
 * Wraps a text classifier for the service.
 *
 * @param classifier The classifier, e.g. `TextClassifier.fromArtifacts(…)`.
 * @example
 * textServedModel(classifier).predict(['what is my balance']); // [{ label: 'balance', … }]
 */
export function textServedModel(classifier: TextClassifier): BatchServedModel {
  return {
    kind: 'text-classification',
    input: { kind: 'texts' },
    labels: classifier.labels,
    predict(items: readonly unknown[]): Prediction[] {
      return classifier.predict(items as readonly string[]).map((p) => ({ ...p })); // strings, by the request schema
    },
    explainMethods: textExplainMethods(classifier),
    explain(items: readonly unknown[], method: string): unknown[] {
      return (items as readonly string[]).map((text) => explainText(classifier, text, { method }));
    },
  };
}
