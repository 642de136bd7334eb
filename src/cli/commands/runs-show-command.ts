/**
 * `sprout runs show ID`: everything recorded about one run — status, times, environment, config,
 * final metrics, the per-epoch table, the confusion matrix of a classification run and the model
 * summary — or, with `--json`, the whole record as one JSON line.
 */
import type { ConfusionMatrixArtifact, RunRecord } from '../../node/index.js';
import { formatDuration, formatMetric, formatStart, formatValue } from '../format-run.js';
import { formatTable } from '../format-table.js';
import { requireRuns } from '../read-runs.js';

/** Options of {@link runsShowCommand}. */
export interface RunsShowCommandOptions {
  /** A run id or a unique prefix of one. */
  readonly id: string;
  readonly runsDir?: string;
  readonly json: boolean;
}

/**
 * Runs `sprout runs show`.
 *
 * @throws CliError for an unknown or ambiguous id.
 * @example
 * runsShowCommand({ id: '20261128-1746', json: false });
 */
export function runsShowCommand(options: RunsShowCommandOptions): void {
  const [run] = requireRuns(options.runsDir, [options.id]) as [RunRecord];
  if (options.json) {
    process.stdout.write(`${JSON.stringify(run)}\n`);
    return;
  }
  const env = run.environment;
  const lines = [
    `Run ${run.id} '${run.name}': ${run.status}${run.error === null ? '' : ` (${run.error})`}`,
    `Started ${formatStart(run.startedAt)} UTC; duration ${formatDuration(run.durationMs)}; ${run.epochCount} epochs; seed ${run.seed ?? '-'}`,
    `Environment: Node ${env.node}, backend ${env.backend}, ${env.platform}, Sprout ${env.sprout}, host ${env.host} (${env.cpus} CPUs)`,
    `Model folder: ${run.modelDir ?? '-'}`,
    '',
    'Config:',
    ...formatTable(['key', 'value'], flatEntries(run.config).map(([k, v]) => [k, v])).map((l) => `  ${l}`),
  ];
  if (run.finalMetrics !== null) {
    lines.push('', 'Final metrics:', ...formatTable(['metric', 'value'], Object.entries(run.finalMetrics).map(([k, v]) => [k, formatMetric(v)])).map((l) => `  ${l}`));
  }
  if (run.epochs.length > 0) {
    const names = [...new Set(run.epochs.flatMap((e) => Object.keys(e.metrics)))];
    const rows = run.epochs.map((e) => [String(e.epoch + 1), ...names.map((n) => (n === 'lr' ? String(e.metrics[n] ?? '-') : formatMetric(e.metrics[n])))]);
    lines.push('', 'Epochs:', ...formatTable(['epoch', ...names], rows).map((l) => `  ${l}`));
  }
  const confusion = run.artifacts['confusionMatrix'] as ConfusionMatrixArtifact | undefined;
  if (confusion !== undefined) {
    lines.push('', `Confusion matrix on the ${confusion.split} (rows: true class, columns: predicted):`);
    lines.push(...formatTable(['', ...confusion.labels], confusion.matrix.map((row, i) => [confusion.labels[i]!, ...row.map(String)])).map((l) => `  ${l}`));
  }
  const summary = run.artifacts['modelSummary'];
  if (typeof summary === 'string') lines.push('', 'Model:', ...summary.split('\n').map((l) => `  ${l}`));
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Config as dotted keys and printable values. */
function flatEntries(config: RunRecord['config'], prefix = ''): [string, string][] {
  return Object.entries(config).flatMap(([key, value]): [string, string][] => {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return flatEntries(value, name);
    return [[name, formatValue(value)]];
  });
}
