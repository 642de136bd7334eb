/**
 * transformNotes: the stderr notes about what preprocessing met in a file. Unseen categories get a
 * line per column (the user may want to fix the data or retrain); missing cells and clipped values,
 * which are routine, get one summary line each so a 64-column file does not print 64 notes.
 */
import type { TransformReport } from '../data/index.js';

/**
 * Lines to print after `note: `.
 *
 * @example
 * transformNotes(report);
 * // ["Month: 3 unseen categories or terms (encoded as unknown)", "12 missing cells in 2 columns were filled in"]
 */
export function transformNotes(report: TransformReport): string[] {
  const counts = report.toJSON();
  const lines: string[] = [];
  for (const [column, n] of Object.entries(counts.unknown ?? {})) lines.push(`${column}: ${n} unseen ${n === 1 ? 'category' : 'categories or terms'} (encoded as unknown)`);
  const summary = (byColumn: Record<string, number> | undefined, what: string): void => {
    if (byColumn === undefined) return;
    const columns = Object.keys(byColumn);
    const total = Object.values(byColumn).reduce((s, n) => s + n, 0);
    if (total > 0) lines.push(`${total} ${what} in ${columns.length} column${columns.length === 1 ? '' : 's'} (${columns.slice(0, 5).join(', ')}${columns.length > 5 ? ', …' : ''})`);
  };
  summary(counts.missing, 'missing cells were filled in');
  summary(counts.clipped, 'values were clipped to the training range');
  return lines;
}
