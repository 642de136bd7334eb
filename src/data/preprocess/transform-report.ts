/**
 * TransformReport: what preprocessing met and handled while transforming a split — unseen
 * categories, missing cells filled, values clipped, rows dropped — counted per column, so the CLI
 * can say "Month: 3 unseen categories (encoded as unknown)" instead of failing or hiding them.
 */

/** The kinds of events a transform counts. */
export type ReportEvent = 'unknown' | 'missing' | 'clipped' | 'dropped';

const DESCRIPTIONS: Readonly<Record<ReportEvent, string>> = {
  unknown: 'unseen categories or terms (encoded as unknown)',
  missing: 'missing cells (filled or encoded as missing)',
  clipped: 'values clipped to the training bounds',
  dropped: 'rows dropped',
};

/**
 * Counts per event and column. Pass one to `transform(table, report)`; steps add to it.
 *
 * @example
 * const report = new TransformReport();
 * encoder.transform(testTable, report);
 * report.count('unknown', 'Month'); // 3
 * report.lines();                   // ["Month: 3 unseen categories or terms (encoded as unknown)"]
 */
export class TransformReport {
  private readonly counts = new Map<ReportEvent, Map<string, number>>();

  /**
   * Adds `n` events of `event` in `column` (nothing when n is 0).
   *
   * @example
   * report.add('missing', 'age', 2);
   */
  add(event: ReportEvent, column: string, n: number): void {
    if (n === 0) return;
    let byColumn = this.counts.get(event);
    if (byColumn === undefined) this.counts.set(event, (byColumn = new Map()));
    byColumn.set(column, (byColumn.get(column) ?? 0) + n);
  }

  /** Events of `event` in `column` (every column when omitted). */
  count(event: ReportEvent, column?: string): number {
    const byColumn = this.counts.get(event);
    if (byColumn === undefined) return 0;
    if (column !== undefined) return byColumn.get(column) ?? 0;
    let total = 0;
    for (const n of byColumn.values()) total += n;
    return total;
  }

  /** Counts as plain JSON: `{ unknown: { Month: 3 }, missing: { age: 2 } }`. */
  toJSON(): Partial<Record<ReportEvent, Record<string, number>>> {
    return Object.fromEntries([...this.counts].map(([event, byColumn]) => [event, Object.fromEntries(byColumn)]));
  }

  /** One human-readable line per column and event, for reports. */
  lines(): string[] {
    const out: string[] = [];
    for (const [event, byColumn] of this.counts) for (const [column, n] of byColumn) out.push(`${column}: ${n} ${DESCRIPTIONS[event]}`);
    return out;
  }
}
