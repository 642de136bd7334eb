/**
 * toCsv: rows as RFC 4180 CSV text, the format `sprout predict` writes — a field is quoted when it
 * holds a comma, a quote or a line break (quotes doubled), so class names such as "yes, later"
 * survive a round trip through parseCsv, Excel or pandas.
 */

/**
 * Formats a header and rows as CSV (LF line ends, trailing newline).
 *
 * @example
 * toCsv(['prediction', 'probability_a'], [['a', '0.91']]); // 'prediction,probability_a\na,0.91\n'
 */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const field = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\n') + '\n';
}
