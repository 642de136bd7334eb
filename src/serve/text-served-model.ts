/**
 * textServedModel: a text-pipeline classifier (src/apps/text) run on JSON strings. Each prediction
 * carries the label (the out-of-scope label when flagged), the top intent, its confidence, whether
 * the text was judged out of scope, and every class's probability — `TextClassifier.predict`'s answer.
 */
import type { TextClassifier } from '../apps/text/index.js';
import type { Prediction, ServedModel } from './served-model.js';

/**
 * Wraps a text classifier for the service.
 *
 * @param classifier The classifier, e.g. `TextClassifier.fromArtifacts(…)`.
 * @example
 * textServedModel(classifier).predict(['what is my balance']); // [{ label: 'balance', … }]
 */
export function textServedModel(classifier: TextClassifier): ServedModel {
  return {
    kind: 'text-classification',
    input: { kind: 'texts' },
    labels: classifier.labels,
    predict(items: readonly unknown[]): Prediction[] {
      return classifier.predict(items as readonly string[]).map((p) => ({ ...p })); // strings, by the request schema
    },
  };
}
