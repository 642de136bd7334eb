/**
 * `sprout runs`: the recorded runs, newest first — id, name, status, start, duration, epochs and
 * the first final metric — or, with `--json`, one JSON line `{"runsDir": …, "runs": [...]}`.
 */
import type { RunSummary } from '../../node/index.js';
import { formatDuration, formatMetric, formatStart } from '../format-run.js';
import { formatTable } from '../format-table.js';
import { withRunStore } from '../read-runs.js';

/** Options of {@link runsCommand}. */
export interface RunsCommandOptions {
  readonly runsDir?: string;
  readonly json: boolean;
}

/**
 * Runs `sprout runs`.
 *
 * @example
 * runsCommand({ json: false });
 */
export function runsCommand(options: RunsCommandOptions): void {
  const { dir, runs } = withRunStore(options.runsDir, (store, d) => ({ dir: d, runs: store.listRuns() }), (d) => ({ dir: d, runs: [] as RunSummary[] }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ runsDir: dir, runs })}\n`);
    return;
  }
  if (runs.length === 0) {
    process.stdout.write(`No runs recorded in ${dir} yet (sprout train records one).\n`);
    return;
  }
  const rows = runs.map((r) => {
    const [metric, value] = Object.entries(r.finalMetrics ?? {})[0] ?? ['', undefined];
    return [r.id, r.name, r.status, formatStart(r.startedAt), formatDuration(r.durationMs), String(r.epochCount), metric === '' ? '-' : `${metric} ${formatMetric(value)}`];
  });
  const lines = [`Runs in ${dir} (${runs.length}):`, '', ...formatTable(['id', 'name', 'status', 'started (UTC)', 'duration', 'epochs', 'final metric'], rows)];
  process.stdout.write(`${lines.join('\n')}\n`);
}
