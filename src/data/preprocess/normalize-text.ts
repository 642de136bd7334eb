/**
 * Text normalisation, the first step of every text feature: Unicode normalisation (NFKC by default,
 * so 'ﬁ' becomes 'fi', full-width 'Ａ' becomes 'A' and '²' becomes '2'), lower-casing, optional
 * accent stripping, and rules for punctuation and whitespace. Order: Unicode form → accents →
 * lower case → punctuation → whitespace.
 */
import { ValueError } from '../../core/index.js';
import type { JsonReader } from './json-reader.js';

/** Options of {@link normalizeText}. */
export interface TextNormalizeOptions {
  /** Lower-case (default true). */
  readonly lowercase?: boolean;
  /** Unicode normal form, or 'none' (default 'NFKC'). */
  readonly unicode?: 'NFKC' | 'NFC' | 'NFKD' | 'NFD' | 'none';
  /** Remove accents: decompose (NFD) and drop combining marks, 'é' → 'e' (default false). */
  readonly stripAccents?: boolean;
  /** Punctuation and symbols (Unicode P and S): 'keep' (default), 'remove', or 'space' (replace by a space). */
  readonly punctuation?: 'keep' | 'remove' | 'space';
  /** Whitespace: 'collapse' (default: runs become one space, ends trimmed) or 'keep'. */
  readonly whitespace?: 'collapse' | 'keep';
}

const FORMS = ['NFKC', 'NFC', 'NFKD', 'NFD', 'none'] as const;

/**
 * The normalised text.
 *
 * @throws ValueError for an unknown option value.
 * @example
 * normalizeText('  Ｃafé —  GREAT!! '); // 'café — great!!'
 * normalizeText('Café, great!', { stripAccents: true, punctuation: 'remove' }); // 'cafe great'
 */
export function normalizeText(text: string, options: TextNormalizeOptions = {}): string {
  const form = options.unicode ?? 'NFKC';
  const punctuation = options.punctuation ?? 'keep';
  const whitespace = options.whitespace ?? 'collapse';
  if (!FORMS.includes(form)) throw new ValueError(`normalizeText: unicode must be one of ${FORMS.join(', ')}, got '${String(form)}'`);
  if (!['keep', 'remove', 'space'].includes(punctuation)) throw new ValueError(`normalizeText: punctuation must be 'keep', 'remove' or 'space', got '${String(punctuation)}'`);
  if (whitespace !== 'collapse' && whitespace !== 'keep') throw new ValueError(`normalizeText: whitespace must be 'collapse' or 'keep', got '${String(whitespace)}'`);
  let out = form === 'none' ? text : text.normalize(form);
  if (options.stripAccents === true) out = out.normalize('NFD').replace(/\p{M}+/gu, '');
  if (options.lowercase ?? true) out = out.toLowerCase();
  if (punctuation !== 'keep') out = out.replace(/[\p{P}\p{S}]+/gu, punctuation === 'space' ? ' ' : '');
  if (whitespace === 'collapse') out = out.replace(/\s+/gu, ' ').trim();
  return out;
}

/**
 * Checks normalisation options read from JSON or given by a user, returning a plain copy.
 *
 * @throws ValueError for an unknown value.
 * @example
 * checkTextNormalizeOptions({ unicode: 'NFC' });
 */
export function checkTextNormalizeOptions(options: TextNormalizeOptions): Required<TextNormalizeOptions> {
  const checked: Required<TextNormalizeOptions> = {
    lowercase: options.lowercase ?? true,
    unicode: options.unicode ?? 'NFKC',
    stripAccents: options.stripAccents ?? false,
    punctuation: options.punctuation ?? 'keep',
    whitespace: options.whitespace ?? 'collapse',
  };
  normalizeText('', checked);
  return checked;
}

/**
 * Reads normalisation options written by a step's toJSON.
 *
 * @throws ModelFormatError for a missing or invalid field.
 * @example
 * const normalize = readTextNormalizeOptions(options.field('normalize'));
 */
export function readTextNormalizeOptions(r: JsonReader): TextNormalizeOptions {
  return {
    lowercase: r.field('lowercase').boolean(),
    unicode: r.field('unicode').oneOf(FORMS),
    stripAccents: r.field('stripAccents').boolean(),
    punctuation: r.field('punctuation').oneOf(['keep', 'remove', 'space'] as const),
    whitespace: r.field('whitespace').oneOf(['collapse', 'keep'] as const),
  };
}
