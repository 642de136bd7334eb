/**
 * TfidfTextFeatures: texts → TF-IDF rows of word n-grams, optionally joined by character n-grams
 * inside words, for the text pipeline's MLP family.
 *
 * Two {@link TfidfVectorizer}s do the work (scikit-learn's formulas, fitted on the training split
 * only); this class keeps their rows **sparse** between steps, because a dense matrix of CLINC150's
 * 15,100 training texts × 20,000 terms would be 1.2 GB, while each short query has about 20 non-zero
 * terms. Dense float32 rows are made one mini-batch at a time ({@link SparseRows.dense}).
 *
 * When both blocks are present each is l2-normalised and scaled by 1/√2, so a row's norm stays 1 and
 * neither block dominates the first layer (the usual FeatureUnion of word and char TF-IDF, e.g.
 * scikit-learn's "hstack of TfidfVectorizers" recipe for short-text classification).
 */
import { DataError, tensor, type Tensor, ValueError } from '../../core/index.js';
import { JsonReader, Table, textColumn, TfidfVectorizer } from '../../data/index.js';
import type { JsonValue } from '../../nn/index.js';
import type { TextInputEncoder } from './text-input-encoder.js';

/** Options of {@link TfidfTextFeatures}. */
export interface TfidfTextFeaturesOptions {
  /** Word n-gram range (default [1, 2]). */
  readonly wordNgrams?: readonly [number, number];
  /** Most frequent word n-grams kept (default 15,000). */
  readonly maxWordFeatures?: number;
  /** Character n-gram range inside words, or null for none (default null). */
  readonly charNgrams?: readonly [number, number] | null;
  /** Most frequent character n-grams kept (default 10,000). */
  readonly maxCharFeatures?: number;
  /** Minimum documents a term must appear in (default 1). */
  readonly minFrequency?: number;
}

/** Rows in compressed sparse row form: row i's entries are `indices/values[rowStart[i] … rowStart[i+1])`. */
export interface SparseRows {
  readonly rows: number;
  readonly width: number;
  readonly rowStart: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** Texts transformed per call to bound the dense scratch array (rows × width floats). */
const CHUNK = 256;

/**
 * Word (+ char) TF-IDF features of raw texts.
 *
 * @example
 * const features = new TfidfTextFeatures({ charNgrams: [2, 4] }).fit(trainTexts);
 * const rows = features.transformSparse(['what is my balance']);
 * const x = denseRows(rows, [0]);   // Float32Array of features.width numbers
 */
export class TfidfTextFeatures implements TextInputEncoder {
  private word: TfidfVectorizer | null = null;
  private char: TfidfVectorizer | null = null;

  /** @throws ValueError for an invalid option. */
  constructor(readonly options: TfidfTextFeaturesOptions = {}) {
    for (const [name, v] of [['maxWordFeatures', options.maxWordFeatures], ['maxCharFeatures', options.maxCharFeatures], ['minFrequency', options.minFrequency]] as const) {
      if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new ValueError(`TfidfTextFeatures: ${name} must be a positive integer, got ${v}`);
    }
  }

  /** Whether {@link fit} ran or the state was restored. */
  get fitted(): boolean {
    return this.word !== null;
  }

  /** Number of features (word terms + char terms). */
  get width(): number {
    return (this.word?.vocabulary.size ?? 0) + (this.char?.vocabulary.size ?? 0);
  }

  /**
   * The term of each feature, in feature order: word n-grams as they are ('refund', 'my order'),
   * then character n-grams in brackets ('[ord]'), so an attribution can be shown by its term.
   *
   * @throws ValueError before fitting.
   */
  get featureNames(): string[] {
    const words = this.requireWord().vocabulary.terms;
    return [...words, ...(this.char?.vocabulary.terms ?? []).map((t) => `[${t}]`)];
  }

  /**
   * Learns the vocabularies and idf weights from training texts.
   *
   * @throws DataError when no term is left.
   */
  fit(texts: readonly string[]): this {
    const table = textTable(texts);
    const o = this.options;
    const common = { columns: ['text'], sublinearTf: true, minFrequency: o.minFrequency ?? 1 } as const;
    this.word = new TfidfVectorizer({ ...common, ngramRange: o.wordNgrams ?? [1, 2], maxSize: o.maxWordFeatures ?? 15000 }).fit(table);
    const charRange = o.charNgrams ?? null;
    this.char = charRange === null ? null : new TfidfVectorizer({ ...common, analyzer: 'charWb', ngramRange: charRange, maxSize: o.maxCharFeatures ?? 10000 }).fit(table);
    return this;
  }

  /**
   * The feature rows of texts, sparse.
   *
   * @throws ValueError before fitting.
   */
  transformSparse(texts: readonly string[]): SparseRows {
    const word = this.requireWord();
    const blocks = this.char === null ? [word] : [word, this.char];
    const scale = blocks.length === 1 ? 1 : Math.SQRT1_2;
    const rowStart = new Int32Array(texts.length + 1);
    const indices: number[] = [];
    const values: number[] = [];
    for (let start = 0; start < texts.length; start += CHUNK) {
      const chunk = texts.slice(start, start + CHUNK);
      const table = textTable(chunk);
      const dense = blocks.map((b) => b.transformToArray(table));
      for (let r = 0; r < chunk.length; r++) {
        let offset = 0;
        blocks.forEach((block, b) => {
          const w = block.vocabulary.size;
          const data = dense[b]!;
          for (let k = r * w, end = k + w; k < end; k++) {
            const v = data[k]!;
            if (v !== 0) {
              indices.push(offset + k - r * w);
              values.push(v * scale);
            }
          }
          offset += w;
        });
        rowStart[start + r + 1] = indices.length;
      }
    }
    return { rows: texts.length, width: this.width, rowStart, indices: Int32Array.from(indices), values: Float32Array.from(values) };
  }

  /**
   * Dense float32 features [texts.length, width].
   *
   * @throws ValueError before fitting.
   */
  encode(texts: readonly string[]): Tensor {
    const rows = this.transformSparse(texts);
    return tensor(denseRows(rows, Int32Array.from({ length: rows.rows }, (_, i) => i)), { shape: [rows.rows, rows.width] });
  }

  /** `{ options, word, char }` with each vectorizer's own JSON. */
  toJSON(): { readonly [key: string]: JsonValue } {
    const o = this.options;
    return {
      options: {
        wordNgrams: [...(o.wordNgrams ?? [1, 2])],
        maxWordFeatures: o.maxWordFeatures ?? 15000,
        charNgrams: o.charNgrams === undefined || o.charNgrams === null ? null : [...o.charNgrams],
        maxCharFeatures: o.maxCharFeatures ?? 10000,
        minFrequency: o.minFrequency ?? 1,
      },
      word: this.requireWord().toJSON() as unknown as JsonValue,
      char: this.char === null ? null : (this.char.toJSON() as unknown as JsonValue),
    };
  }

  /**
   * Restores features from {@link toJSON} output.
   *
   * @throws ModelFormatError for malformed JSON.
   */
  static fromJSON(json: unknown, where = 'TfidfTextFeatures.fromJSON'): TfidfTextFeatures {
    const r = new JsonReader(where, json);
    const o = r.field('options');
    const pair = (x: JsonReader): [number, number] => {
      const v = x.array().map((e) => e.integer(1));
      if (v.length !== 2) x.fail('[min, max]');
      return [v[0]!, v[1]!];
    };
    const charField = o.field('charNgrams');
    const features = new TfidfTextFeatures({
      wordNgrams: pair(o.field('wordNgrams')),
      maxWordFeatures: o.field('maxWordFeatures').integer(1),
      charNgrams: charField.isNull() ? null : pair(charField),
      maxCharFeatures: o.field('maxCharFeatures').integer(1),
      minFrequency: o.field('minFrequency').integer(1),
    });
    features.word = TfidfVectorizer.fromJSON(json !== null && typeof json === 'object' ? (json as Record<string, unknown>)['word'] : undefined);
    const char = r.field('char');
    features.char = char.isNull() ? null : TfidfVectorizer.fromJSON((json as Record<string, unknown>)['char']);
    if (!features.word.fitted) r.field('word').fail('a fitted TfidfVectorizer');
    return features;
  }

  private requireWord(): TfidfVectorizer {
    if (this.word === null) throw new ValueError('TfidfTextFeatures: not fitted; call fit(trainTexts) first');
    return this.word;
  }
}

/**
 * Dense float32 rows [picked.length, width] of the sparse rows `picked`.
 *
 * @example
 * const batch = denseRows(rows, [3, 7, 9]); // 3 × rows.width numbers
 */
export function denseRows(rows: SparseRows, picked: ArrayLike<number>): Float32Array {
  const out = new Float32Array(picked.length * rows.width);
  for (let i = 0; i < picked.length; i++) {
    const r = picked[i]!;
    for (let k = rows.rowStart[r]!; k < rows.rowStart[r + 1]!; k++) out[i * rows.width + rows.indices[k]!] = rows.values[k]!;
  }
  return out;
}

function textTable(texts: readonly string[]): Table {
  if (texts.some((t) => typeof t !== 'string')) throw new DataError('TfidfTextFeatures: every text must be a string');
  return Table.fromColumns([textColumn('text', texts)], texts.length);
}
