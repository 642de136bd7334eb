/**
 * formatTable: plain-text columns for terminal reports, numbers right-aligned, so a report reads
 * the same in a terminal, a CI log and a README.
 */

/**
 * Lays out rows under a header, each column as wide as its widest cell.
 *
 * @param header Column titles.
 * @param rows Cells; numbers are right-aligned, text left-aligned.
 * @returns Lines without trailing spaces.
 * @example
 * formatTable(['metric', 'value'], [['accuracy', '0.9722']]);
 * // ['metric    value', 'accuracy  0.9722']
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, j) => Math.max(...all.map((row) => (row[j] ?? '').length)));
  const numeric = header.map((_, j) => rows.length > 0 && rows.every((row) => /^-?[\d.,]+%?$|^nan$|^-$/i.test(row[j] ?? '')));
  return all.map((row) =>
    row
      .map((cell, j) => (numeric[j] === true ? cell.padStart(widths[j]!) : cell.padEnd(widths[j]!)))
      .join('  ')
      .trimEnd(),
  );
}
