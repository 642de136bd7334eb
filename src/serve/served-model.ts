/**
 * ServedModel: a loaded model as the HTTP service sees it — what it reads, what it is, and one
 * function that runs a forward pass over items (rows or texts) gathered from one or more requests.
 * The service never looks inside: the tabular and the text adapters each implement this.
 */
import type { ModelInput } from './model-input.js';

/** The kinds of model the service runs. */
export type ServedModelKind = 'tabular-classification' | 'tabular-regression' | 'text-classification';

/** One prediction, as JSON. */
export type Prediction = { readonly [key: string]: unknown };

/** A model the service can run. */
export interface ServedModel {
  readonly kind: ServedModelKind;
  readonly input: ModelInput;
  /** Class labels in output order, or null for regression. */
  readonly labels: readonly string[] | null;
  /**
   * One forward pass. Items have passed the request schema of {@link input}: row objects for
   * 'rows', strings for 'texts'.
   *
   * @returns One prediction per item, in order.
   * @throws DataError or ValueError when an item cannot be encoded.
   */
  predict(items: readonly unknown[]): Prediction[];
  /**
   * Why the model predicts what it does for each item (absent for kinds without explanations).
   *
   * @param method A local attribution method of src/explain (integrated-gradients, saliency, …).
   * @throws ValueError for an unknown method.
   */
  explain?(items: readonly unknown[], method: string): unknown[];
}
