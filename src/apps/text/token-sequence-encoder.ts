/**
 * TokenSequenceEncoder: texts → padded rows of token ids for the Transformer family.
 *
 * Words are found as the TF-IDF family finds them ({@link normalizeText}, then
 * {@link analyzeText}'s word tokens), the {@link Vocabulary} is learned on the training texts, and
 * ids are shifted by two so that 0 is padding (masked out by attention and pooling) and 1 stands for
 * a word the vocabulary does not know. Rows are cut at `maxLength` tokens and padded to the longest
 * row of the batch, not to `maxLength`, since attention costs grow with the square of the length.
 */
import { DataError, tensor, type Tensor, ValueError } from '../../core/index.js';
import { analyzeText, JsonReader, normalizeText, Vocabulary } from '../../data/index.js';
import type { JsonValue } from '../../nn/index.js';
import type { TextInputEncoder } from './text-input-encoder.js';

/** Options of {@link TokenSequenceEncoder}. */
export interface TokenSequenceEncoderOptions {
  /** Most frequent words kept (default 8,000). */
  readonly maxVocabulary?: number;
  /** Tokens kept per text (default 32). */
  readonly maxLength?: number;
}

/** Padding id. */
export const PAD_ID = 0;
/** Id of a word outside the vocabulary. */
export const UNKNOWN_ID = 1;

/**
 * @example
 * const enc = new TokenSequenceEncoder({ maxLength: 16 }).fit(trainTexts);
 * enc.encode(['what is my balance']); // int32 [1, 4]
 */
export class TokenSequenceEncoder implements TextInputEncoder {
  private vocabulary: Vocabulary | null = null;
  readonly maxVocabulary: number;
  readonly maxLength: number;

  /** @throws ValueError for a size that is not a positive integer. */
  constructor(options: TokenSequenceEncoderOptions = {}) {
    this.maxVocabulary = options.maxVocabulary ?? 8000;
    this.maxLength = options.maxLength ?? 32;
    for (const [name, v] of [['maxVocabulary', this.maxVocabulary], ['maxLength', this.maxLength]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`TokenSequenceEncoder: ${name} must be a positive integer, got ${v}`);
    }
  }

  /** Rows of the embedding table: the words plus padding and unknown. */
  get idCount(): number {
    return this.requireVocabulary().size + 2;
  }

  /**
   * Learns the vocabulary.
   *
   * @throws DataError when the texts hold no word.
   */
  fit(texts: readonly string[]): this {
    const vocabulary = Vocabulary.build(texts.map(tokenize), { maxSize: this.maxVocabulary });
    if (vocabulary.size === 0) throw new DataError('TokenSequenceEncoder.fit: the training texts hold no word of two or more letters or digits');
    this.vocabulary = vocabulary;
    return this;
  }

  /** Token ids of each text (at least one id: an empty text is one unknown token, so mean pooling has something to average). */
  ids(text: string): number[] {
    const vocabulary = this.requireVocabulary();
    const ids = tokenize(text).slice(0, this.maxLength).map((w) => {
      const k = vocabulary.indexOf(w);
      return k < 0 ? UNKNOWN_ID : k + 2;
    });
    return ids.length === 0 ? [UNKNOWN_ID] : ids;
  }

  /**
   * The words behind {@link ids}, position for position: the text's words cut at `maxLength`, or one
   * empty string for a text without words (its one unknown id).
   */
  tokens(text: string): string[] {
    const words = tokenize(text).slice(0, this.maxLength);
    return words.length === 0 ? [''] : words;
  }

  /**
   * int32 ids [texts.length, longest row], padded with {@link PAD_ID}.
   *
   * @throws ValueError before fitting.
   */
  encode(texts: readonly string[]): Tensor {
    const rows = texts.map((t) => this.ids(t));
    const width = Math.max(1, ...rows.map((r) => r.length));
    const out = new Int32Array(texts.length * width);
    rows.forEach((r, i) => out.set(r, i * width));
    return tensor(out, { shape: [texts.length, width], dtype: 'int32' });
  }

  toJSON(): { readonly [key: string]: JsonValue } {
    return { maxVocabulary: this.maxVocabulary, maxLength: this.maxLength, vocabulary: JSON.parse(JSON.stringify(this.requireVocabulary().toJSON())) as JsonValue };
  }

  /**
   * Restores an encoder from {@link toJSON} output.
   *
   * @throws ModelFormatError for malformed JSON.
   */
  static fromJSON(json: unknown, where = 'TokenSequenceEncoder.fromJSON'): TokenSequenceEncoder {
    const r = new JsonReader(where, json);
    const encoder = new TokenSequenceEncoder({ maxVocabulary: r.field('maxVocabulary').integer(1), maxLength: r.field('maxLength').integer(1) });
    encoder.vocabulary = Vocabulary.fromJSON(r.field('vocabulary'));
    return encoder;
  }

  private requireVocabulary(): Vocabulary {
    if (this.vocabulary === null) throw new ValueError('TokenSequenceEncoder: not fitted; call fit(trainTexts) first');
    return this.vocabulary;
  }
}

function tokenize(text: string): string[] {
  return analyzeText(normalizeText(text), { analyzer: 'word', ngramRange: [1, 1] });
}
