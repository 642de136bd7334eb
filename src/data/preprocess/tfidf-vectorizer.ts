/**
 * TfidfVectorizer: text columns → a dense float32 matrix of TF-IDF weights, as scikit-learn's
 * `TfidfVectorizer` with its defaults:
 *
 *     tf(t, d)  = count of term t in document d            (1 + ln(count) with sublinearTf)
 *     idf(t)    = ln((1 + n) / (1 + df(t))) + 1            (smoothIdf, the default)
 *               = ln(n / df(t)) + 1                         (smoothIdf: false)
 *     x(d)      = tf(·, d) · idf / ‖tf(·, d) · idf‖₂       (norm 'l2'; 'l1' or 'none')
 *
 * where n is the number of training documents and df(t) the number containing t. Terms come from
 * {@link normalizeText} then {@link analyzeText}, and the {@link Vocabulary} (minimum document
 * frequency, maximum size) is learned on the training split only; terms unseen in training are
 * ignored at prediction time and counted ('unknown'). A missing cell is an empty document (a zero
 * row) and is counted ('missing').
 *
 * **The output is dense**: rows × vocabulary float32, 4 bytes a cell (10,000 documents × 5,000 terms
 * is 200 MB), which is what Sprout's dense layers take; bound it with `maxSize` and `minFrequency`.
 *
 * Normalisation defaults to lower-casing with NFKC; scikit-learn lower-cases without NFKC, which
 * changes only compatibility characters (ligatures, full-width forms), so on ordinary text the
 * weights match scikit-learn's to float precision.
 */
import { DataError, tensor, ValueError, type Tensor } from '../../core/index.js';
import type { ColumnType } from '../column.js';
import type { Table } from '../table.js';
import { analyzeText, checkNgramRange, DEFAULT_TOKEN_PATTERN, tokenRegExp, type TextAnalyzer } from './analyze-text.js';
import { columnLabels } from './column-labels.js';
import { checkTextNormalizeOptions, normalizeText, readTextNormalizeOptions, type TextNormalizeOptions } from './normalize-text.js';
import { constructFromJson, openStepJson, readColumnsOption, STEP_JSON_VERSION, type FeatureExtractor, type StepJson } from './preprocess-step.js';
import type { TransformReport } from './transform-report.js';
import { Vocabulary } from './vocabulary.js';

/** Options of {@link TfidfVectorizer}. */
export interface TfidfOptions {
  /** Text columns (default: every text column); several are joined per row with a line break. */
  readonly columns?: readonly string[];
  /** Normalisation before analysis (default: lower-case, NFKC, whitespace collapsed). */
  readonly normalize?: TextNormalizeOptions;
  /** 'word' (default), 'char' or 'charWb'. */
  readonly analyzer?: TextAnalyzer;
  /** Smallest and largest n-gram (default [1, 1]). */
  readonly ngramRange?: readonly [number, number];
  /** Word token regular expression source (default runs of 2+ letters, digits, underscores). */
  readonly tokenPattern?: string;
  /** Minimum document frequency of a term (default 1). */
  readonly minFrequency?: number;
  /** Maximum vocabulary size, the most frequent terms (default: all). */
  readonly maxSize?: number;
  /** Weight by inverse document frequency (default true). */
  readonly useIdf?: boolean;
  /** Add one document containing every term, so no idf divides by zero (default true). */
  readonly smoothIdf?: boolean;
  /** tf = 1 + ln(count) (default false). */
  readonly sublinearTf?: boolean;
  /** Row normalisation: 'l2' (default), 'l1' or 'none'. */
  readonly norm?: 'l2' | 'l1' | 'none';
}

const TEXT_TYPES: readonly ColumnType[] = ['text', 'categorical'];

/**
 * TF-IDF features of text columns.
 *
 * @example
 * const tfidf = new TfidfVectorizer({ columns: ['message'], ngramRange: [1, 2], minFrequency: 2 }).fit(train);
 * const x = tfidf.transform(test);   // float32 [test.rowCount, tfidf.featureNames.length]
 */
export class TfidfVectorizer implements FeatureExtractor {
  readonly kind = 'TfidfVectorizer';
  readonly output = 'matrix' as const;
  readonly options: Readonly<TfidfOptions>;
  private readonly normalize: Required<TextNormalizeOptions>;
  private state: { columns: readonly string[]; vocabulary: Vocabulary; idf: Float64Array } | null = null;

  /** @throws ValueError for an invalid option. */
  constructor(options: TfidfOptions = {}) {
    this.normalize = checkTextNormalizeOptions(options.normalize ?? {});
    checkNgramRange(options.ngramRange ?? [1, 1]);
    tokenRegExp(options.tokenPattern ?? DEFAULT_TOKEN_PATTERN);
    if (!['l2', 'l1', 'none'].includes(options.norm ?? 'l2')) throw new ValueError(`TfidfVectorizer: norm must be 'l2', 'l1' or 'none', got '${String(options.norm)}'`);
    if (!['word', 'char', 'charWb'].includes(options.analyzer ?? 'word')) throw new ValueError(`TfidfVectorizer: analyzer must be 'word', 'char' or 'charWb', got '${String(options.analyzer)}'`);
    this.options = { ...options };
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  /**
   * The learned vocabulary.
   *
   * @throws ValueError before fitting.
   */
  get vocabulary(): Vocabulary {
    return this.requireState('vocabulary').vocabulary;
  }

  /** The inverse document frequency of each vocabulary term (1s when useIdf is false). */
  get idf(): Float64Array {
    return this.requireState('idf').idf;
  }

  /** `<columns>:<term>` per feature, e.g. 'message:free'. */
  get featureNames(): string[] {
    const { columns, vocabulary } = this.requireState('featureNames');
    const prefix = columns.join('+');
    return vocabulary.terms.map((t) => `${prefix}:${t}`);
  }

  /**
   * Learns the vocabulary and idf from the training split.
   *
   * @throws DataError for an absent or non-text column, or when no term survives minFrequency.
   */
  fit(table: Table): this {
    const columns = this.options.columns ?? table.columns.filter((c) => c.type === 'text').map((c) => c.name);
    if (columns.length === 0) throw new DataError(`TfidfVectorizer.fit: the table has no text column; name one in columns (the columns are [${table.names.join(', ')}])`);
    const docs = this.documents(table, columns, 'fit');
    const vocabulary = Vocabulary.build(docs.terms, {
      ...(this.options.minFrequency === undefined ? {} : { minFrequency: this.options.minFrequency }),
      ...(this.options.maxSize === undefined ? {} : { maxSize: this.options.maxSize }),
    });
    if (vocabulary.size === 0) throw new DataError(`TfidfVectorizer.fit: no term of column(s) [${columns.join(', ')}] is in at least ${this.options.minFrequency ?? 1} training documents; lower minFrequency`);
    const n = vocabulary.documentCount;
    const smooth = this.options.smoothIdf ?? true ? 1 : 0;
    const idf = Float64Array.from(vocabulary.documentFrequencies, (df) => (this.options.useIdf ?? true ? Math.log((n + smooth) / (df + smooth)) + 1 : 1));
    this.state = { columns: [...columns], vocabulary, idf };
    return this;
  }

  /**
   * The TF-IDF rows of a table as a row-major [rows, vocabulary size] float32 array.
   *
   * @throws ValueError before fitting; DataError for an absent or re-typed column.
   */
  transformToArray(table: Table, report?: TransformReport): Float32Array {
    const { columns, vocabulary, idf } = this.requireState('transform');
    const docs = this.documents(table, columns, 'transform');
    const width = vocabulary.size;
    const out = new Float32Array(table.rowCount * width);
    const row = new Float64Array(width);
    const sublinear = this.options.sublinearTf ?? false;
    const norm = this.options.norm ?? 'l2';
    let unknown = 0;
    docs.terms.forEach((terms, i) => {
      row.fill(0);
      for (const term of terms) {
        const k = vocabulary.indexOf(term);
        if (k < 0) unknown++;
        else row[k]! += 1;
      }
      let total = 0;
      for (let k = 0; k < width; k++) {
        if (row[k] === 0) continue;
        const tf = sublinear ? 1 + Math.log(row[k]!) : row[k]!;
        row[k] = tf * idf[k]!;
        total += norm === 'l2' ? row[k]! * row[k]! : Math.abs(row[k]!);
      }
      const scale = norm === 'none' || total === 0 ? 1 : norm === 'l2' ? 1 / Math.sqrt(total) : 1 / total;
      for (let k = 0; k < width; k++) out[i * width + k] = row[k]! * scale;
    });
    const label = columns.join('+');
    report?.add('unknown', label, unknown);
    report?.add('missing', label, docs.missing);
    return out;
  }

  /**
   * The TF-IDF matrix of a table: a dense float32 tensor [rows, vocabulary size].
   *
   * @throws ValueError before fitting; DataError for an absent or re-typed column.
   * @example
   * const x = tfidf.transform(test);
   */
  transform(table: Table, report?: TransformReport): Tensor {
    return tensor(this.transformToArray(table, report), { shape: [table.rowCount, this.vocabulary.size] });
  }

  /** `fit(table)` then `transform(table)`. */
  fitTransform(table: Table, report?: TransformReport): Tensor {
    return this.fit(table).transform(table, report);
  }

  toJSON(): StepJson {
    const o = this.options;
    return {
      kind: this.kind,
      version: STEP_JSON_VERSION,
      options: {
        columns: o.columns === undefined ? null : [...o.columns],
        normalize: { ...this.normalize },
        analyzer: o.analyzer ?? 'word',
        ngramRange: [...(o.ngramRange ?? [1, 1])],
        tokenPattern: o.tokenPattern ?? DEFAULT_TOKEN_PATTERN,
        minFrequency: o.minFrequency ?? 1,
        maxSize: o.maxSize ?? null,
        useIdf: o.useIdf ?? true,
        smoothIdf: o.smoothIdf ?? true,
        sublinearTf: o.sublinearTf ?? false,
        norm: o.norm ?? 'l2',
      },
      state: this.state === null ? null : { columns: [...this.state.columns], vocabulary: this.state.vocabulary.toJSON(), idf: [...this.state.idf] },
    };
  }

  /**
   * Restores a TfidfVectorizer from {@link toJSON} output.
   *
   * @throws ModelFormatError for malformed JSON.
   * @example
   * const copy = TfidfVectorizer.fromJSON(JSON.parse(JSON.stringify(tfidf)));
   */
  static fromJSON(json: unknown): TfidfVectorizer {
    const { options: o, state } = openStepJson(json, 'TfidfVectorizer');
    const range = o.field('ngramRange').array().map((r) => r.integer(1));
    if (range.length !== 2) o.field('ngramRange').fail('[min, max]');
    const maxSize = o.optionalField('maxSize');
    const step = constructFromJson(o, () => new TfidfVectorizer({
      ...readColumnsOption(o),
      normalize: readTextNormalizeOptions(o.field('normalize')),
      analyzer: o.field('analyzer').oneOf(['word', 'char', 'charWb'] as const),
      ngramRange: [range[0]!, range[1]!],
      tokenPattern: o.field('tokenPattern').string(),
      minFrequency: o.field('minFrequency').integer(1),
      ...(maxSize === undefined ? {} : { maxSize: maxSize.integer(1) }),
      useIdf: o.field('useIdf').boolean(),
      smoothIdf: o.field('smoothIdf').boolean(),
      sublinearTf: o.field('sublinearTf').boolean(),
      norm: o.field('norm').oneOf(['l2', 'l1', 'none'] as const),
    }));
    if (!state.isNull()) {
      const columns = state.field('columns').strings();
      const vocabulary = Vocabulary.fromJSON(state.field('vocabulary'));
      const idf = state.field('idf').numbers(vocabulary.size);
      if (columns.length === 0) state.field('columns').fail('a non-empty array of column names');
      step.state = { columns, vocabulary, idf: Float64Array.from(idf) };
    }
    return step;
  }

  private requireState(op: string): { columns: readonly string[]; vocabulary: Vocabulary; idf: Float64Array } {
    if (this.state === null) throw new ValueError(`TfidfVectorizer.${op}: the vectorizer is not fitted; call fit(trainTable) first`);
    return this.state;
  }

  /** Each row's terms, and how many rows had every column missing. */
  private documents(table: Table, columns: readonly string[], op: string): { terms: string[][]; missing: number } {
    const labels = columns.map((name) => {
      if (!table.has(name)) throw new DataError(`TfidfVectorizer.${op}: the table has no column '${name}'; the columns are [${table.names.join(', ')}]`);
      const column = table.column(name);
      if (!TEXT_TYPES.includes(column.type)) throw new DataError(`TfidfVectorizer.${op}: column '${name}' is ${column.type}; expected text`);
      return columnLabels(column);
    });
    let missing = 0;
    const analyze = { analyzer: this.options.analyzer ?? 'word', ngramRange: this.options.ngramRange ?? [1, 1], tokenPattern: this.options.tokenPattern ?? DEFAULT_TOKEN_PATTERN } as const;
    const terms = Array.from({ length: table.rowCount }, (_, i) => {
      const parts = labels.map((l) => l[i]!).filter((p): p is string => p !== null);
      if (parts.length === 0) missing++;
      return analyzeText(normalizeText(parts.join('\n'), this.normalize), analyze);
    });
    return { terms, missing };
  }
}
