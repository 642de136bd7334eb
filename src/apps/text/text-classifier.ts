/**
 * TextClassifier: a trained intent classifier for a customer-service assistant — preprocessing,
 * network, class labels, out-of-scope threshold and reply table in one object that saves as one
 * model (config + weights) and predicts without the training code.
 *
 * A prediction whose top-class probability is below `threshold`, or whose top class is the
 * out-of-scope label itself, is labelled out-of-scope (Larson et al. 2019, §4: "oos-train" plus
 * "oos-threshold"). Everything the classifier needs besides the weights is stored in the model
 * config's `metadata.text` (see docs/pipelines/text.md), so `saveModel(classifier.model, …)` alone
 * would lose it: save with `toArtifacts()` (or the CLI).
 */
import { ModelFormatError, noGrad, softmax, ValueError } from '../../core/index.js';
import { JsonReader } from '../../data/index.js';
import type { JsonValue } from '../../nn/index.js';
import { type Model, type ModelArtifacts, modelFromArtifacts, modelToArtifacts } from '../../train/index.js';
import { type TextClassificationReport, textClassificationReport } from './text-classification-report.js';
import { TfidfTextFeatures } from './tfidf-text-features.js';
import { TokenSequenceEncoder } from './token-sequence-encoder.js';
import './transformer-text-model.js'; // registers the layer so saved Transformer models load

/** The two model families. */
export type TextModelFamily = 'tfidf-mlp' | 'transformer';

/** One prediction. */
export interface TextPrediction {
  /** The predicted label, or the out-of-scope label when flagged. */
  readonly label: string;
  /** The top class before thresholding. */
  readonly intent: string;
  /** Probability of `intent`. */
  readonly confidence: number;
  /** Whether the text was judged out of scope. */
  readonly outOfScope: boolean;
  /** Probability of every class label. */
  readonly scores: Readonly<Record<string, number>>;
}

/** An answer to one message. */
export interface TextAnswer {
  /** The reply for the predicted intent, or the fallback. */
  readonly reply: string;
  readonly prediction: TextPrediction;
}

/** Everything besides the network that a classifier holds. */
export interface TextClassifierParts {
  readonly family: TextModelFamily;
  readonly model: Model;
  readonly encoder: TfidfTextFeatures | TokenSequenceEncoder;
  /** Class labels by output index. */
  readonly labels: readonly string[];
  /** The out-of-scope label (default 'oos'), or null when the task has none. */
  readonly outOfScopeLabel: string | null;
  /** Confidence below which a prediction is out of scope (0: never). */
  readonly threshold: number;
  /** Reply per intent. */
  readonly replies?: Readonly<Record<string, string>>;
  /** Reply for out-of-scope messages and intents without a reply. */
  readonly fallback?: string;
}

/** The version of `metadata.text`. */
export const TEXT_METADATA_VERSION = 1;
/** Default reply when nothing else fits. */
export const DEFAULT_FALLBACK = "Sorry, I can't help with that. Let me connect you with a person.";
const PREDICT_CHUNK = 512;

/**
 * A trained text classifier. Make one with `trainTextClassifier` or {@link TextClassifier.fromArtifacts}.
 *
 * @example
 * const clf = await trainTextClassifier({ train: { texts, labels }, model: 'tfidf-mlp', seed: 0 });
 * clf.predict(['what is my balance'])[0].label;   // 'balance'
 * clf.withReplies({ balance: 'Your balance is in the app under Accounts.' }).answer('how much money do I have').reply;
 */
export class TextClassifier {
  readonly family: TextModelFamily;
  readonly model: Model;
  readonly encoder: TfidfTextFeatures | TokenSequenceEncoder;
  readonly labels: readonly string[];
  readonly outOfScopeLabel: string | null;
  readonly threshold: number;
  readonly replies: Readonly<Record<string, string>>;
  readonly fallback: string;

  /** @throws ValueError for a threshold outside [0, 1] or labels that do not match the network. */
  constructor(parts: TextClassifierParts) {
    if (!(parts.threshold >= 0 && parts.threshold <= 1)) throw new ValueError(`TextClassifier: threshold must be in [0, 1], got ${parts.threshold}`);
    if (parts.labels.length < 2) throw new ValueError(`TextClassifier: needs at least 2 labels, got ${parts.labels.length}`);
    this.family = parts.family;
    this.model = parts.model;
    this.encoder = parts.encoder;
    this.labels = [...parts.labels];
    this.outOfScopeLabel = parts.outOfScopeLabel;
    this.threshold = parts.threshold;
    this.replies = { ...(parts.replies ?? {}) };
    this.fallback = parts.fallback ?? DEFAULT_FALLBACK;
  }

  /**
   * A copy with another reply table (and fallback).
   *
   * @throws ValueError for a reply that is not a string.
   */
  withReplies(replies: Readonly<Record<string, string>>, fallback?: string): TextClassifier {
    for (const [k, v] of Object.entries(replies)) if (typeof v !== 'string') throw new ValueError(`TextClassifier.withReplies: the reply of '${k}' must be a string, got ${typeof v}`);
    return new TextClassifier({ ...this.parts(), replies, fallback: fallback ?? this.fallback });
  }

  /** A copy with another out-of-scope threshold. */
  withThreshold(threshold: number): TextClassifier {
    return new TextClassifier({ ...this.parts(), threshold });
  }

  /**
   * Class probabilities [texts.length × labels.length], row-major.
   *
   * @throws ValueError for a non-array or a non-string text.
   */
  probabilities(texts: readonly string[]): Float32Array {
    checkTexts('TextClassifier.probabilities', texts);
    const c = this.labels.length;
    const out = new Float32Array(texts.length * c);
    for (let start = 0; start < texts.length; start += PREDICT_CHUNK) {
      const chunk = texts.slice(start, start + PREDICT_CHUNK);
      const probs = noGrad(() => softmax(this.model.predict(this.encoder.encode(chunk), { batchSize: 256 }), -1)).dataSync();
      out.set(probs, start * c);
    }
    return out;
  }

  /**
   * Labels, confidences and scores of texts.
   *
   * @throws ValueError for a non-array or a non-string text.
   * @example
   * clf.predict(['book a flight to paris']); // [{ label: 'book_flight', confidence: 0.97, outOfScope: false, … }]
   */
  predict(texts: readonly string[]): TextPrediction[] {
    const probs = this.probabilities(texts);
    const c = this.labels.length;
    return texts.map((_, i) => {
      let best = 0;
      for (let k = 1; k < c; k++) if (probs[i * c + k]! > probs[i * c + best]!) best = k;
      const confidence = probs[i * c + best]!;
      const intent = this.labels[best]!;
      const outOfScope = this.outOfScopeLabel !== null && (intent === this.outOfScopeLabel || confidence < this.threshold);
      const scores: Record<string, number> = {};
      this.labels.forEach((l, k) => (scores[l] = probs[i * c + k]!));
      return { label: outOfScope ? this.outOfScopeLabel! : intent, intent, confidence, outOfScope, scores };
    });
  }

  /**
   * The reply to one message: the reply table's answer for its intent, or the fallback when the
   * message is out of scope or its intent has no reply.
   *
   * @throws ValueError for a non-string message.
   * @example
   * clf.answer('what is the weather on mars').reply; // the fallback
   */
  answer(text: string): TextAnswer {
    const prediction = this.predict([text])[0]!;
    const reply = prediction.outOfScope ? this.fallback : (this.replies[prediction.label] ?? this.fallback);
    return { reply, prediction };
  }

  /**
   * Accuracy, macro F1, in-scope accuracy, out-of-scope recall and the confusion matrix on labelled texts.
   *
   * @throws DataError for empty or mismatched arrays; ValueError for a non-string text.
   */
  evaluate(texts: readonly string[], labels: readonly string[]): TextClassificationReport {
    checkTexts('TextClassifier.evaluate', texts);
    checkLabels('TextClassifier.evaluate', texts, labels);
    const predicted = this.predict(texts).map((p) => p.label);
    const known = this.outOfScopeLabel === null || this.labels.includes(this.outOfScopeLabel) ? this.labels : [...this.labels, this.outOfScopeLabel];
    return textClassificationReport(labels, predicted, known, this.outOfScopeLabel);
  }

  /**
   * The JSON kept in the saved model's `metadata`: `extra` plus `text` (family, encoder state,
   * threshold, replies). `saveModel(classifier.model, dir, { labels: classifier.labels, metadata:
   * classifier.metadata() })` writes a folder that {@link TextClassifier.fromModel} reads back.
   *
   * @param extra Extra JSON values kept beside `text` (dataset name, metrics).
   */
  metadata(extra: { readonly [key: string]: JsonValue } = {}): { [key: string]: JsonValue } {
    const text: { [key: string]: JsonValue } = {
      version: TEXT_METADATA_VERSION,
      family: this.family,
      encoder: this.encoder.toJSON() as { [key: string]: JsonValue },
      outOfScopeLabel: this.outOfScopeLabel,
      threshold: this.threshold,
      replies: { ...this.replies },
      fallback: this.fallback,
    };
    return { ...extra, text };
  }

  /**
   * The classifier as model artifacts: the network's config with the labels and
   * {@link TextClassifier.metadata}; the weights as safetensors.
   *
   * @param metadata Extra JSON values kept beside `text` (dataset name, metrics).
   */
  toArtifacts(metadata: { readonly [key: string]: JsonValue } = {}): ModelArtifacts {
    return modelToArtifacts(this.model, { labels: this.labels, metadata: this.metadata(metadata) });
  }

  /**
   * Rebuilds a classifier from {@link toArtifacts} output.
   *
   * @throws ModelFormatError when the config lacks `metadata.text` or any part is malformed.
   */
  static fromArtifacts(artifacts: { readonly config: unknown; readonly weights: Uint8Array }): TextClassifier {
    return TextClassifier.fromModel(modelFromArtifacts(artifacts), artifacts.config);
  }

  /**
   * A classifier from a loaded network and its config (`loadModel` from `sprout/node` returns both).
   *
   * @throws ModelFormatError when the config lacks `metadata.text` or any part is malformed.
   * @example
   * const { model, config } = await loadModel('models/intents');
   * const classifier = TextClassifier.fromModel(model, config);
   */
  static fromModel(model: Model, modelConfig: unknown): TextClassifier {
    const config = new JsonReader('TextClassifier.fromModel: config', modelConfig);
    const labels = config.field('labels').strings();
    const metadata = config.field('metadata');
    if (metadata.optionalField('text') === undefined) throw new ModelFormatError("TextClassifier.fromModel: config.metadata has no 'text' entry; this is not a text-pipeline model");
    const t = metadata.field('text');
    const version = t.field('version').integer(1);
    if (version !== TEXT_METADATA_VERSION) throw new ModelFormatError(`TextClassifier.fromModel: metadata.text.version is ${version}; this Sprout reads ${TEXT_METADATA_VERSION}`);
    const family = t.field('family').oneOf(['tfidf-mlp', 'transformer'] as const);
    const rawEncoder = (modelConfig as { metadata: { text: { encoder: unknown } } }).metadata.text.encoder;
    const encoder = family === 'tfidf-mlp' ? TfidfTextFeatures.fromJSON(rawEncoder, 'metadata.text.encoder') : TokenSequenceEncoder.fromJSON(rawEncoder, 'metadata.text.encoder');
    const oos = t.field('outOfScopeLabel');
    const repliesReader = t.field('replies');
    const replies: Record<string, string> = {};
    for (const key of repliesReader.keys()) replies[key] = repliesReader.field(key).string();
    const threshold = t.field('threshold').number();
    if (!(threshold >= 0 && threshold <= 1)) t.field('threshold').fail('a number in [0, 1]');
    return new TextClassifier({
      family,
      model,
      encoder,
      labels,
      outOfScopeLabel: oos.isNull() ? null : oos.string(),
      threshold,
      replies,
      fallback: t.field('fallback').string(),
    });
  }

  private parts(): TextClassifierParts {
    return {
      family: this.family,
      model: this.model,
      encoder: this.encoder,
      labels: this.labels,
      outOfScopeLabel: this.outOfScopeLabel,
      threshold: this.threshold,
      replies: this.replies,
      fallback: this.fallback,
    };
  }
}

/** @throws ValueError unless texts is an array of strings. */
export function checkTexts(op: string, texts: readonly string[]): void {
  if (!Array.isArray(texts)) throw new ValueError(`${op}: texts must be an array of strings, got ${typeof texts}`);
  const bad = texts.findIndex((t) => typeof t !== 'string');
  if (bad >= 0) throw new ValueError(`${op}: texts[${bad}] must be a string, got ${texts[bad] === null ? 'null' : typeof texts[bad]}`);
}

function checkLabels(op: string, texts: readonly string[], labels: readonly string[]): void {
  if (!Array.isArray(labels)) throw new ValueError(`${op}: labels must be an array of strings, got ${typeof labels}`);
  if (labels.length !== texts.length) throw new ValueError(`${op}: ${texts.length} texts but ${labels.length} labels; give one label per text`);
  if (texts.length === 0) throw new ValueError(`${op}: texts is empty; give at least one labelled text`);
}
