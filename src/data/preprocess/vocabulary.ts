/**
 * Vocabulary: the terms a text feature knows, each with an index, built from the training
 * documents as scikit-learn's `CountVectorizer` builds `vocabulary_`:
 *
 * 1. keep terms in at least `minFrequency` documents (scikit-learn's integer `min_df`);
 * 2. of those, keep the `maxSize` most frequent by total count over the corpus (`max_features`),
 *    ties going to the alphabetically first term;
 * 3. index the kept terms in sorted order (by UTF-16 code unit, which is Python's code-point order
 *    outside the astral planes).
 *
 * Each term's document frequency is kept for inverse document frequency (TF-IDF).
 */
import { ValueError } from '../../core/index.js';
import { JsonReader, type JsonValue } from './json-reader.js';

/** Options of {@link Vocabulary.build}. */
export interface VocabularyOptions {
  /** Minimum number of documents a term appears in (default 1). */
  readonly minFrequency?: number;
  /** Keep at most this many terms, the most frequent (default: all). */
  readonly maxSize?: number;
}

/**
 * Terms ↔ indices, with document frequencies.
 *
 * @example
 * const vocab = Vocabulary.build([['good', 'film'], ['bad', 'film']], { minFrequency: 2 });
 * vocab.terms;             // ['film']
 * vocab.indexOf('film');   // 0
 * vocab.indexOf('good');   // -1
 */
export class Vocabulary {
  private readonly index: Map<string, number>;

  /**
   * @param terms Distinct terms in index order.
   * @param documentFrequencies Documents containing each term.
   * @param documentCount Documents the vocabulary was built from.
   * @throws ValueError for repeated terms or mismatched lengths.
   */
  constructor(
    readonly terms: readonly string[],
    readonly documentFrequencies: readonly number[],
    readonly documentCount: number,
  ) {
    if (documentFrequencies.length !== terms.length) throw new ValueError(`Vocabulary: ${terms.length} terms but ${documentFrequencies.length} document frequencies`);
    this.index = new Map(terms.map((t, i) => [t, i]));
    if (this.index.size !== terms.length) throw new ValueError('Vocabulary: terms repeat');
  }

  /**
   * Builds a vocabulary from tokenised documents.
   *
   * @throws ValueError for a minFrequency or maxSize that is not a positive integer.
   * @example
   * Vocabulary.build(docs.map((d) => analyzeText(d)), { minFrequency: 2, maxSize: 10000 });
   */
  static build(documents: Iterable<readonly string[]>, options: VocabularyOptions = {}): Vocabulary {
    const minFrequency = options.minFrequency ?? 1;
    const maxSize = options.maxSize ?? Infinity;
    if (!Number.isInteger(minFrequency) || minFrequency < 1) throw new ValueError(`Vocabulary.build: minFrequency must be a positive integer (documents), got ${minFrequency}`);
    if (maxSize !== Infinity && (!Number.isInteger(maxSize) || maxSize < 1)) throw new ValueError(`Vocabulary.build: maxSize must be a positive integer, got ${maxSize}`);
    const df = new Map<string, number>();
    const tf = new Map<string, number>();
    let count = 0;
    for (const doc of documents) {
      count++;
      for (const term of doc) tf.set(term, (tf.get(term) ?? 0) + 1);
      for (const term of new Set(doc)) df.set(term, (df.get(term) ?? 0) + 1);
    }
    let kept = [...df.keys()].filter((t) => df.get(t)! >= minFrequency).sort(compareTerms);
    if (kept.length > maxSize) {
      const top = new Set([...kept].sort((a, b) => tf.get(b)! - tf.get(a)! || compareTerms(a, b)).slice(0, maxSize));
      kept = kept.filter((t) => top.has(t));
    }
    return new Vocabulary(
      kept,
      kept.map((t) => df.get(t)!),
      count,
    );
  }

  /** Number of terms. */
  get size(): number {
    return this.terms.length;
  }

  /** The index of `term`, or −1 when unknown. */
  indexOf(term: string): number {
    return this.index.get(term) ?? -1;
  }

  /** Whether `term` is known. */
  has(term: string): boolean {
    return this.index.has(term);
  }

  toJSON(): { readonly [key: string]: JsonValue } {
    return { terms: [...this.terms], documentFrequencies: [...this.documentFrequencies], documentCount: this.documentCount };
  }

  /**
   * Restores a vocabulary from {@link toJSON} output.
   *
   * @throws ModelFormatError for malformed JSON (wrong types, lengths, repeated terms).
   * @example
   * Vocabulary.fromJSON(JSON.parse(JSON.stringify(vocab)));
   */
  static fromJSON(json: unknown, where = 'Vocabulary.fromJSON'): Vocabulary {
    const r = json instanceof JsonReader ? json : new JsonReader(where, json);
    const terms = r.field('terms').strings();
    const documentCount = r.field('documentCount').integer(0);
    const frequencies = r.field('documentFrequencies').array().map((x) => x.integer(1, documentCount));
    if (frequencies.length !== terms.length) r.field('documentFrequencies').fail(`an array of ${terms.length} integers`);
    if (new Set(terms).size !== terms.length) r.field('terms').fail('distinct strings');
    return new Vocabulary(terms, frequencies, documentCount);
  }
}

function compareTerms(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
