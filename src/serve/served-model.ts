/**
 * ServedModel: a loaded model as the HTTP service sees it — what it reads, what it is, and how it
 * answers. Most kinds answer items (rows, texts, images, recordings) with one forward pass over
 * items gathered from one or more requests, so the service micro-batches them; a language model
 * answers one prompt with a loop of forward passes, so it generates instead. The service never
 * looks inside: the tabular, text, image, speech and lm adapters each implement one of the two.
 */
import type { ModelInput, PromptInput } from './model-input.js';

/** The kinds of model the service runs. */
export type ServedModelKind = 'tabular-classification' | 'tabular-regression' | 'text-classification' | 'image-classification' | 'speech-classification' | 'text-generation';

/** One prediction, as JSON. */
export type Prediction = { readonly [key: string]: unknown };

/** A model whose predictions are one forward pass over a batch of items. */
export interface BatchServedModel {
  readonly kind: Exclude<ServedModelKind, 'text-generation'>;
  readonly input: Exclude<ModelInput, PromptInput>;
  /** Class labels in output order, or null for regression. */
  readonly labels: readonly string[] | null;
  /**
   * Turns one request's items, as the request schema let them through, into what {@link predict}
   * takes — base64 bytes into decoded images or recordings — before they join a micro-batch, so one
   * request's undecodable item fails that request alone. Absent when the JSON items are the input.
   *
   * @throws InvalidRequestError naming the item (`/images/2`) and why it cannot be read.
   */
  decode?(items: readonly unknown[]): unknown[];
  /**
   * One forward pass. Items have passed the request schema of {@link input} (and {@link decode}
   * when present): row objects for 'rows', strings for 'texts', decoded media for 'images' and 'audio'.
   *
   * @returns One prediction per item, in order.
   * @throws DataError or ValueError when an item cannot be encoded.
   */
  predict(items: readonly unknown[]): Prediction[];
  /**
   * Why the model predicts what it does for each item (absent for kinds without explanations).
   * Items are the request's, after {@link decode}.
   *
   * @param method A local attribution method of src/explain (integrated-gradients, saliency, …).
   * @throws ValueError for an unknown method or one the kind does not offer.
   */
  explain?(items: readonly unknown[], method: string): unknown[];
  /** The `?method=` values {@link explain} takes (the first is the default). */
  readonly explainMethods?: readonly string[];
}

/** What a generation request asks for, after the request schema and the server's defaults. */
export interface GenerationRequest {
  readonly prompt: string;
  /** Characters to generate. */
  readonly tokens: number;
  readonly temperature: number;
  readonly topK?: number;
  readonly seed: number;
}

/** A model that continues a prompt (a character language model). */
export interface GenerativeServedModel {
  readonly kind: 'text-generation';
  readonly input: PromptInput;
  readonly labels: null;
  /**
   * Checks a prompt before anything is generated.
   *
   * @throws InvalidRequestError naming `/prompt` and the characters the model does not know.
   */
  checkPrompt(prompt: string): void;
  /** The generated text, piece by piece as it is sampled (the prompt not repeated). */
  generate(request: GenerationRequest): AsyncIterable<string>;
}

/** A model the service can run. */
export type ServedModel = BatchServedModel | GenerativeServedModel;
