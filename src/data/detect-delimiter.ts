/**
 * Delimiter detection for CSV-like text: comma, tab, semicolon or pipe.
 */

/** The delimiters {@link detectDelimiter} chooses from, in order of preference on a tie. */
export const CANDIDATE_DELIMITERS: readonly string[] = Object.freeze([',', '\t', ';', '|']);

/** Records looked at: enough to see a pattern, few enough to stay instant on a large file. */
const SAMPLE_RECORDS = 50;

/**
 * Guesses the field delimiter from the first records of `text`, counting candidates outside quoted
 * fields. The winner appears the same number of times on the most records (the header included),
 * then the most times per record; ties go to the earlier of comma, tab, semicolon, pipe. Text where
 * no candidate appears (a one-column file) gives a comma.
 *
 * @param text CSV-like text.
 * @param quote The quote character, or null when quotes are data.
 * @example
 * detectDelimiter('a;b;c\n1;2,5;3\n'); // ';'
 */
export function detectDelimiter(text: string, quote: string | null = '"'): string {
  const counts = new Map<string, number[]>(CANDIDATE_DELIMITERS.map((d) => [d, [0]]));
  let inQuotes = false;
  let records = 1;
  let lineHasContent = false;
  for (let i = 0; i < text.length && records <= SAMPLE_RECORDS; i++) {
    const c = text[i]!;
    if (quote !== null && c === quote) {
      inQuotes = !inQuotes;
      lineHasContent = true;
      continue;
    }
    if (inQuotes) continue;
    if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      // Blank lines do not count as records: they would vote for "zero delimiters".
      if (lineHasContent) {
        records++;
        for (const list of counts.values()) list.push(0);
      }
      lineHasContent = false;
      continue;
    }
    if (c !== ' ' && c !== '\t') lineHasContent = true;
    const list = counts.get(c);
    if (list !== undefined) {
      list[list.length - 1]!++;
      if (c === '\t') lineHasContent = true;
    }
  }
  let best = ',';
  let bestAgree = 0;
  let bestCount = 0;
  for (const d of CANDIDATE_DELIMITERS) {
    const perRecord = counts.get(d)!.slice(0, lineHasContent ? undefined : -1);
    // The most common non-zero count, and on how many records it occurs.
    const frequency = new Map<number, number>();
    for (const k of perRecord) if (k > 0) frequency.set(k, (frequency.get(k) ?? 0) + 1);
    for (const [count, agree] of frequency) {
      if (agree > bestAgree || (agree === bestAgree && count > bestCount)) {
        best = d;
        bestAgree = agree;
        bestCount = count;
      }
    }
  }
  return best;
}
