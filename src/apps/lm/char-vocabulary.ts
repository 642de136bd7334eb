/**
 * CharVocabulary: the characters a character-level language model knows, each with an id — the
 * sorted set of the training text's characters (nanoGPT's `shakespeare_char` convention), so the
 * same text always gives the same ids. Characters are Unicode code points, not UTF-16 units.
 */
import { ModelFormatError, ValueError } from '../../core/index.js';

/**
 * @example
 * const vocab = CharVocabulary.fromText('hello');
 * vocab.encode('hole'); // Int32Array [1, 3, 2, 0]
 * vocab.decode([1, 0]); // 'he'
 */
export class CharVocabulary {
  /** Characters by id. */
  readonly chars: readonly string[];
  private readonly ids: ReadonlyMap<string, number>;

  /** @throws ValueError for an empty list, a duplicate or an entry that is not one code point. */
  constructor(chars: readonly string[]) {
    if (chars.length === 0) throw new ValueError('CharVocabulary: chars is empty; give at least one character');
    const ids = new Map<string, number>();
    chars.forEach((c, i) => {
      if (typeof c !== 'string' || [...c].length !== 1) throw new ValueError(`CharVocabulary: chars[${i}] must be one character, got ${JSON.stringify(c)}`);
      if (ids.has(c)) throw new ValueError(`CharVocabulary: chars[${i}] ${JSON.stringify(c)} appears twice`);
      ids.set(c, i);
    });
    this.chars = [...chars];
    this.ids = ids;
  }

  /**
   * The sorted set of the characters of `text`.
   *
   * @throws ValueError for an empty text.
   */
  static fromText(text: string): CharVocabulary {
    if (typeof text !== 'string' || text.length === 0) throw new ValueError('CharVocabulary.fromText: text is empty; give the training text');
    return new CharVocabulary([...new Set(text)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** Number of characters (the model's vocabulary size). */
  get size(): number {
    return this.chars.length;
  }

  /**
   * Ids of the characters of `text`.
   *
   * @throws ValueError naming the first character the vocabulary lacks and its position.
   */
  encode(text: string): Int32Array {
    const chars = [...text];
    const out = new Int32Array(chars.length);
    chars.forEach((c, i) => {
      const id = this.ids.get(c);
      if (id === undefined) throw new ValueError(`CharVocabulary.encode: character ${JSON.stringify(c)} at position ${i} is not in the vocabulary of ${this.size} characters the model was trained on`);
      out[i] = id;
    });
    return out;
  }

  /**
   * The text of ids.
   *
   * @throws ValueError for an id outside [0, size).
   */
  decode(ids: ArrayLike<number>): string {
    let text = '';
    for (let i = 0; i < ids.length; i++) {
      const c = this.chars[ids[i]!];
      if (c === undefined) throw new ValueError(`CharVocabulary.decode: id ${ids[i]} at position ${i} is outside [0, ${this.size})`);
      text += c;
    }
    return text;
  }

  /** The characters, for a saved model's metadata. */
  toJSON(): string[] {
    return [...this.chars];
  }

  /**
   * The vocabulary saved by {@link toJSON}.
   *
   * @throws ModelFormatError when `json` is not a list of distinct single characters.
   */
  static fromJSON(json: unknown, where = 'vocabulary'): CharVocabulary {
    if (!Array.isArray(json) || !json.every((c) => typeof c === 'string')) throw new ModelFormatError(`${where} must be an array of characters`);
    try {
      return new CharVocabulary(json as string[]);
    } catch (error) {
      if (error instanceof ValueError) throw new ModelFormatError(`${where}: ${error.message}`);
      throw error;
    }
  }
}
