/**
 * explainText: which words of a message a text classifier relied on, for the dashboard's text
 * explanation view. Two methods:
 *
 * - `occlusion` (any text model): each word is left out in turn and the drop in the explained
 *   class's probability is its score (Zeiler & Fergus 2014's occlusion, one word as the patch; Li,
 *   Monroe & Jurafsky 2016, "Understanding Neural Networks through Representation Erasure"). All
 *   the shortened messages go through the classifier as one batch. Words are shown as written.
 * - `integrated-gradients` (Transformer models): integrated gradients through the token embeddings
 *   (layerIntegratedGradients on the layer 'tokens', from an all-zero embedding), one score per
 *   token the model read — the words after the encoder's normalisation, cut at its length limit.
 *
 * The explained class is the predicted intent unless the request names one.
 */
import { type TextClassifier, TokenSequenceEncoder } from '../apps/text/index.js';
import { ValueError } from '../core/index.js';
import { analyzeText, normalizeText } from '../data/index.js';
import { layerIntegratedGradients } from '../explain/index.js';

/**
 * The text methods a classifier offers (integrated gradients need token embeddings).
 *
 * @example
 * textMethods(classifier); // ['occlusion'] for TF-IDF models, ['occlusion', 'integrated-gradients'] for Transformers
 */
export function textMethods(classifier: TextClassifier): string[] {
  return classifier.encoder instanceof TokenSequenceEncoder ? ['occlusion', 'integrated-gradients'] : ['occlusion'];
}

/** The most words occlusion leaves out one by one (one forward pass each). */
export const MAX_OCCLUDED_WORDS = 300;

/** One token and its score. */
export interface TokenScore {
  readonly token: string;
  readonly attribution: number;
}

/** What {@link explainText} returns (plain data). */
export interface TextExplanation {
  readonly method: string;
  /** The explained class and its probability for the whole message. */
  readonly label: string;
  readonly output: number;
  /** Integrated gradients: the probability at the all-zero embedding, and the completeness gap. */
  readonly baselineOutput?: number;
  readonly completenessGap?: number;
  /** The tokens in order, with their scores. */
  readonly tokens: TokenScore[];
}

/**
 * Explains a text classifier's answer for one message.
 *
 * @param classifier The classifier.
 * @param text The message (not blank).
 * @param method One of {@link textMethods}.
 * @param target The class to explain (default: the predicted intent).
 * @throws ValueError for a method the classifier does not offer, an unknown class, or more than
 *   {@link MAX_OCCLUDED_WORDS} words for occlusion.
 * @example
 * explainText(classifier, 'send money to my friend', 'occlusion').tokens;
 * // [{ token: 'send', attribution: 0.21 }, { token: 'money', attribution: 0.34 }, …]
 */
export function explainText(classifier: TextClassifier, text: string, method: string, target?: string): TextExplanation {
  const offered = textMethods(classifier);
  if (!offered.includes(method)) throw new ValueError(`explainText: method must be one of ${offered.join(', ')} for a ${classifier.family} model, got '${method}'`);
  const labels = classifier.labels;
  const c = labels.length;
  const whole = classifier.probabilities([text]);
  const k = target === undefined ? argmax(whole) : labels.indexOf(target);
  if (k < 0) throw new ValueError(`explainText: target '${target}' is not a class of the model; the classes are: ${labels.join(', ')}`);
  const label = labels[k]!;
  if (method === 'integrated-gradients') {
    const encoder = classifier.encoder as TokenSequenceEncoder;
    const ids = encoder.encode([text]);
    const tokens = analyzeText(normalizeText(text), { analyzer: 'word', ngramRange: [1, 1] });
    const a = layerIntegratedGradients(classifier.model, ids.reshape([ids.size]), 'tokens', { target: k, probabilities: true });
    return {
      method,
      label,
      output: a.output,
      baselineOutput: a.baselineOutput,
      completenessGap: a.completenessGap,
      // An empty message is one unknown token to the encoder.
      tokens: a.perPosition.map((attribution, i) => ({ token: tokens[i] ?? '(unknown)', attribution })),
    };
  }
  const words = text.split(/\s+/).filter((w) => w !== '');
  if (words.length > MAX_OCCLUDED_WORDS) throw new ValueError(`explainText: occlusion takes at most ${MAX_OCCLUDED_WORDS} words, got ${words.length}`);
  const without = words.map((_, i) => words.filter((__, j) => j !== i).join(' '));
  const p = classifier.probabilities(without);
  return { method, label, output: whole[k]!, tokens: words.map((token, i) => ({ token, attribution: whole[k]! - p[i * c + k]! })) };
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
