/**
 * explainText: why a text classifier gives a text its class — an attribution per token, of the
 * predicted class's probability (or another class's). Each family is explained through what it
 * reads:
 *
 * - Transformer: token ids are integers with no gradient, so integrated gradients run through the
 *   token embeddings (layer integrated gradients, Sundararajan et al. 2017, as Captum's
 *   LayerIntegratedGradients) from all-zero embeddings; each word of the text (cut at the encoder's
 *   length) gets the sum over its embedding, in text order.
 * - TF-IDF + MLP: the input is a TF-IDF vector, so any local method of src/explain runs on it
 *   (integrated gradients from the empty text's all-zero vector by default); each term present in
 *   the text (word n-grams, character n-grams in brackets) gets its feature's attribution, largest
 *   |attribution| first.
 *
 * With integrated gradients the attributions add up to the probability's change from the baseline
 * (completeness); `completenessGap` says how far the numeric integral is from it.
 */
import { tensor, ValueError } from '../../core/index.js';
import { EXPLAIN_METHODS, explainInput, type IntegratedGradientsResult, layerIntegratedGradients } from '../../explain/index.js';
import type { TextClassifier } from './text-classifier.js';
import { TfidfTextFeatures } from './tfidf-text-features.js';
import type { TokenSequenceEncoder } from './token-sequence-encoder.js';

/** Options of {@link explainText}. */
export interface ExplainTextOptions {
  /** A method of {@link textExplainMethods} (default 'integrated-gradients'). */
  readonly method?: string;
  /** The class index explained (default: the predicted class). */
  readonly target?: number;
  /** Integrated gradients' steps (default 50). */
  readonly steps?: number;
}

/** One token's share of the explained probability. */
export interface TokenAttribution {
  readonly token: string;
  readonly attribution: number;
}

/** What {@link explainText} returns (plain data). */
export interface TextExplanation {
  readonly method: string;
  /** The explained class's label and index. */
  readonly label: string;
  readonly target: number;
  /** The explained class's probability for the text. */
  readonly output: number;
  /** Integrated gradients: the probability at the baseline and how well the attributions add up. */
  readonly baselineOutput?: number;
  readonly completenessGap?: number;
  readonly relativeGap?: number;
  /** Transformer: the text's words in order; TF-IDF: its terms, largest |attribution| first. */
  readonly tokens: TokenAttribution[];
}

/**
 * The methods a classifier's family can be explained with (the first is the default).
 *
 * @example
 * textExplainMethods(classifier); // ['integrated-gradients', 'saliency', …] for TF-IDF
 */
export function textExplainMethods(classifier: TextClassifier): readonly string[] {
  return classifier.family === 'transformer' ? ['integrated-gradients'] : EXPLAIN_METHODS;
}

/**
 * Explains one text.
 *
 * @param classifier The classifier.
 * @param text The text.
 * @param options Method, class and steps.
 * @throws ValueError for a method the family does not offer, a class index out of range or bad steps.
 * @example
 * const why = explainText(classifier, 'where is my refund');
 * why.tokens; // [{ token: 'refund', attribution: 0.41 }, …]
 */
export function explainText(classifier: TextClassifier, text: string, options: ExplainTextOptions = {}): TextExplanation {
  const method = options.method ?? 'integrated-gradients';
  const methods = textExplainMethods(classifier);
  if (!methods.includes(method)) throw new ValueError(`explainText: method must be one of ${methods.join(', ')} for a ${classifier.family} model; got '${method}'`);
  const k = classifier.labels.length;
  const target = options.target;
  if (target !== undefined && !(Number.isInteger(target) && target >= 0 && target < k)) throw new ValueError(`explainText: target must be a class index in [0, ${k - 1}], got ${target}`);
  const common = { probabilities: true, ...(target === undefined ? {} : { target }), ...(options.steps === undefined ? {} : { steps: options.steps }) };
  const encoder = classifier.encoder;
  if (encoder instanceof TfidfTextFeatures) {
    const x = encoder.encode([text]).reshape([encoder.width]);
    const { attribution, features } = explainInput(classifier.model, x, { ...common, method, featureNames: encoder.featureNames });
    const tokens = features.filter((f) => f.value !== 0).map((f) => ({ token: f.name, attribution: f.attribution }));
    return { ...summary(classifier, attribution), tokens };
  }
  const sequence = encoder as TokenSequenceEncoder;
  const a = layerIntegratedGradients(classifier.model, tensor(sequence.ids(text), { dtype: 'int32' }), 'tokens', common);
  const words = sequence.tokens(text);
  return { ...summary(classifier, a), tokens: words.map((token, i) => ({ token, attribution: a.perPosition[i]! })) };
}

/** What the summary reads of an attribution; the integrated-gradients fields when it has them. */
type Explained = { readonly method: string; readonly target: number; readonly output: number } & Partial<Pick<IntegratedGradientsResult, 'baselineOutput' | 'completenessGap' | 'relativeGap'>>;

function summary(classifier: TextClassifier, a: Explained): Omit<TextExplanation, 'tokens'> {
  return {
    method: a.method,
    label: classifier.labels[a.target]!,
    target: a.target,
    output: a.output,
    ...(a.baselineOutput === undefined ? {} : { baselineOutput: a.baselineOutput, completenessGap: a.completenessGap!, relativeGap: a.relativeGap! }),
  };
}
