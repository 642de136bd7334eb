/**
 * `sprout runs compare A B`: two runs side by side — settings (differences marked `*`), final
 * metrics with `B − A`, epochs, duration and the environment entries that differ — or, with
 * `--json`, the comparison as one JSON line (see compareRuns).
 */
import { compareRuns, type RunRecord } from '../../node/index.js';
import { formatDuration, formatMetric, formatValue } from '../format-run.js';
import { formatTable } from '../format-table.js';
import { requireRuns } from '../read-runs.js';

/** Options of {@link runsCompareCommand}. */
export interface RunsCompareCommandOptions {
  readonly a: string;
  readonly b: string;
  readonly runsDir?: string;
  readonly json: boolean;
}

/**
 * Runs `sprout runs compare`.
 *
 * @throws CliError for an unknown or ambiguous id.
 * @example
 * runsCompareCommand({ a: '20261128-1746', b: '20261128-1802', json: false });
 */
export function runsCompareCommand(options: RunsCompareCommandOptions): void {
  const [a, b] = requireRuns(options.runsDir, [options.a, options.b]) as [RunRecord, RunRecord];
  const comparison = compareRuns(a, b);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(comparison)}\n`);
    return;
  }
  const mark = (differs: boolean): string => (differs ? '*' : '');
  const differing = comparison.environment.filter((row) => row.differs);
  const lines = [
    `A: ${a.id} '${a.name}' (${a.status}, ${a.epochCount} epochs, ${formatDuration(a.durationMs)})`,
    `B: ${b.id} '${b.name}' (${b.status}, ${b.epochCount} epochs, ${formatDuration(b.durationMs)})`,
    '',
    `Config (${comparison.config.filter((row) => row.differs).length} of ${comparison.config.length} settings differ, marked *):`,
    ...formatTable(['', 'key', 'A', 'B'], comparison.config.map((row) => [mark(row.differs), row.key, formatValue(row.a), formatValue(row.b)])).map((l) => `  ${l}`),
    '',
    'Final metrics:',
    ...formatTable(
      ['metric', 'A', 'B', 'B − A'],
      comparison.metrics.map((m) => [m.name, formatMetric(m.a), formatMetric(m.b), m.delta === null ? '-' : `${m.delta >= 0 ? '+' : ''}${m.delta.toFixed(4)}`]),
    ).map((l) => `  ${l}`),
    '',
    differing.length === 0 ? 'Environment: the same.' : 'Environment (differences):',
    ...(differing.length === 0 ? [] : formatTable(['key', 'A', 'B'], differing.map((row) => [row.key, formatValue(row.a), formatValue(row.b)])).map((l) => `  ${l}`)),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
