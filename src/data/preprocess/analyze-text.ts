/**
 * Splits normalised text into the terms a vocabulary counts, with scikit-learn's analyzers:
 *
 * - `word`: tokens matching `tokenPattern` — by default runs of two or more letters, digits or
 *   underscores, scikit-learn's `(?u)\b\w\w+\b` — then word n-grams for n in `ngramRange`, joined
 *   by one space ('not good');
 * - `char`: character n-grams of the whole text, spaces included;
 * - `charWb`: character n-grams inside words, each word padded with a space on both sides
 *   (' go', 'go ') — scikit-learn's 'char_wb', robust to typos and word forms.
 *
 * Characters are Unicode code points, as in Python, so an emoji is one character.
 */
import { ValueError } from '../../core/index.js';

/** Which terms {@link analyzeText} produces. */
export type TextAnalyzer = 'word' | 'char' | 'charWb';

/** The default token pattern: Python's `\w\w+` (letters, digits, underscore; two or more). */
export const DEFAULT_TOKEN_PATTERN = '[\\p{L}\\p{N}_]{2,}';

/** Options of {@link analyzeText}. */
export interface AnalyzeTextOptions {
  /** 'word' (default), 'char' or 'charWb'. */
  readonly analyzer?: TextAnalyzer;
  /** Smallest and largest n of the n-grams (default [1, 1]). */
  readonly ngramRange?: readonly [number, number];
  /** Regular expression source of a word token (compiled with flags 'gu'; 'word' only). */
  readonly tokenPattern?: string;
}

/**
 * The terms of a text.
 *
 * @throws ValueError for an unknown analyzer, a bad n-gram range or token pattern.
 * @example
 * analyzeText('not good at all', { ngramRange: [1, 2] }); // ['not', 'good', 'at', 'all', 'not good', 'good at', 'at all']
 * analyzeText('hi you', { analyzer: 'charWb', ngramRange: [3, 3] }); // [' hi', 'hi ', ' yo', 'you', 'ou ']
 */
export function analyzeText(text: string, options: AnalyzeTextOptions = {}): string[] {
  const analyzer = options.analyzer ?? 'word';
  const [minN, maxN] = checkNgramRange(options.ngramRange ?? [1, 1]);
  switch (analyzer) {
    case 'word':
      return wordNgrams(text.match(tokenRegExp(options.tokenPattern ?? DEFAULT_TOKEN_PATTERN)) ?? [], minN, maxN);
    case 'char':
      return charNgrams(Array.from(text.replace(/\s\s+/gu, ' ')), minN, maxN);
    case 'charWb':
      return charWbNgrams(text, minN, maxN);
    default:
      throw new ValueError(`analyzeText: analyzer must be 'word', 'char' or 'charWb', got '${String(analyzer)}'`);
  }
}

/**
 * Checks an n-gram range: integers with 1 ≤ min ≤ max.
 *
 * @throws ValueError otherwise.
 * @example
 * checkNgramRange([1, 2]); // [1, 2]
 */
export function checkNgramRange(range: readonly [number, number]): [number, number] {
  const [minN, maxN] = range;
  if (!Number.isInteger(minN) || !Number.isInteger(maxN) || minN < 1 || minN > maxN) throw new ValueError(`analyzeText: ngramRange must be integers [min, max] with 1 <= min <= max, got [${minN}, ${maxN}]`);
  return [minN, maxN];
}

/**
 * Compiles a token pattern with flags 'gu'.
 *
 * @throws ValueError for an invalid pattern or one that matches the empty string.
 */
export function tokenRegExp(pattern: string): RegExp {
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'gu');
  } catch (e) {
    throw new ValueError(`analyzeText: tokenPattern '${pattern}' is not a valid regular expression: ${(e as Error).message}`);
  }
  if (re.test('')) throw new ValueError(`analyzeText: tokenPattern '${pattern}' matches the empty string`);
  re.lastIndex = 0;
  return re;
}

function wordNgrams(tokens: readonly string[], minN: number, maxN: number): string[] {
  if (minN === 1 && maxN === 1) return [...tokens];
  const out: string[] = [];
  for (let n = minN; n <= Math.min(maxN, tokens.length); n++) {
    for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(' '));
  }
  return out;
}

function charNgrams(chars: readonly string[], minN: number, maxN: number): string[] {
  const out: string[] = [];
  for (let n = minN; n <= maxN; n++) {
    for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  }
  return out;
}

/** scikit-learn's `_char_wb_ngrams`: a word shorter than n yields itself (padded) once. */
function charWbNgrams(text: string, minN: number, maxN: number): string[] {
  const out: string[] = [];
  for (const word of text.split(/\s+/u).filter((w) => w !== '')) {
    const chars = Array.from(` ${word} `);
    for (let n = minN; n <= maxN; n++) {
      let offset = 0;
      out.push(chars.slice(offset, offset + n).join(''));
      while (offset + n < chars.length) {
        offset++;
        out.push(chars.slice(offset, offset + n).join(''));
      }
      if (offset === 0) break;
    }
  }
  return out;
}
