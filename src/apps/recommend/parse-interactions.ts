/**
 * Text → interactions, for MovieLens-style files (`user TAB item TAB rating TAB timestamp`).
 * Portable: callers read the file (`readFile` in Node, `fetch` in a browser) and pass the text.
 */
import { DataError } from '../../core/index.js';
import type { Interaction } from './interaction.js';

/** Options of {@link parseInteractions}. */
export interface ParseInteractionsOptions {
  /**
   * Field separator. Default: detected from the first line — tab, then `::` (MovieLens 1M), then
   * comma, else runs of spaces.
   */
  readonly delimiter?: string;
  /** Skip the first line (a header). Default false. */
  readonly header?: boolean;
}

/**
 * Parses one interaction per line: `user`, `item`, optional `rating`, optional `timestamp`.
 * Blank lines are skipped; ids are kept as strings.
 *
 * @param text The file's contents.
 * @returns The interactions in file order.
 * @throws DataError when there is no interaction, a line has fewer than 2 fields, an id is empty,
 *   or a rating or timestamp is not a finite number (the message names the line).
 * @example
 * const ratings = parseInteractions(await readFile('u1.base', 'utf8'));
 * ratings[0]; // { user: '1', item: '1', rating: 5, timestamp: 874965758 }
 */
export function parseInteractions(text: string, options: ParseInteractionsOptions = {}): Interaction[] {
  const lines = text.split(/\r?\n/);
  const first = lines.find((l) => l.trim() !== '') ?? '';
  const delimiter = options.delimiter ?? (first.includes('\t') ? '\t' : first.includes('::') ? '::' : first.includes(',') ? ',' : null);
  const out: Interaction[] = [];
  for (let n = options.header === true ? 1 : 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.trim() === '') continue;
    const fields = (delimiter === null ? line.trim().split(/\s+/) : line.split(delimiter)).map((f) => f.trim());
    if (fields.length < 2) throw new DataError(`parseInteractions: line ${n + 1} has ${fields.length} field(s), expected user, item[, rating[, timestamp]]: '${line}'`);
    const [user, item, rating, timestamp] = fields as [string, string, string | undefined, string | undefined];
    if (user === '' || item === '') throw new DataError(`parseInteractions: line ${n + 1} has an empty user or item id: '${line}'`);
    const entry: { user: string; item: string; rating?: number; timestamp?: number } = { user, item };
    if (rating !== undefined && rating !== '') entry.rating = number(rating, 'rating', n);
    if (timestamp !== undefined && timestamp !== '') entry.timestamp = number(timestamp, 'timestamp', n);
    out.push(entry);
  }
  if (out.length === 0) throw new DataError('parseInteractions: the text holds no interaction (empty file?)');
  return out;
}

function number(field: string, name: string, n: number): number {
  const v = Number(field);
  if (!Number.isFinite(v)) throw new DataError(`parseInteractions: line ${n + 1}: ${name} must be a number, got '${field}'`);
  return v;
}
