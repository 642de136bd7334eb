/**
 * `sprout info`: what is in a model folder, read from its config without running anything —
 * architecture (the module summary), preprocessing (clean steps, then each branch's columns and
 * steps), labels, the test metrics recorded at training time, and sizes (parameters, features,
 * bytes on disk).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE } from '../../node/index.js';
import { loadCliModel } from '../cli-model.js';
import { formatTable } from '../format-table.js';

/** Options of {@link infoCommand}. */
export interface InfoCommandOptions {
  readonly dir: string;
}

/**
 * Runs `sprout info`.
 *
 * @throws CliError for a missing or damaged model folder.
 * @example
 * await infoCommand({ dir: 'models/digits' });
 */
export async function infoCommand(options: InfoCommandOptions): Promise<void> {
  const { model, config, pipeline, metadata } = await loadCliModel(options.dir);
  const bytes = async (file: string): Promise<number> => (await stat(join(options.dir, file))).size;
  const [configBytes, weightBytes] = await Promise.all([bytes(MODEL_CONFIG_FILE), bytes(MODEL_WEIGHTS_FILE)]);
  const training = metadata.training;
  const lines = [
    `Model: ${options.dir} (Sprout ${config.sproutVersion}, format ${config.format} v${config.formatVersion})`,
    `Task: ${metadata.task} of '${metadata.target}'${config.labels === null ? '' : `; classes: ${config.labels.join(', ')}`}`,
    `Trained on: ${String(training['data'])} (${String(training['rows'])} rows: ${String(training['trainRows'])} train, ${String(training['validationRows'])} validation, ${String(training['testRows'])} test; ${String(training['epochs'])} epochs, best ${String(training['bestEpoch'])}, seed ${String(training['seed'])})`,
    '',
    'Architecture:',
    ...model.summary().split('\n').map((l) => `  ${l}`),
    '',
    'Preprocessing:',
    `  clean: ${pipeline.clean.map((s) => s.kind).join(' → ') || 'none'}`,
  ];
  const byBranch = pipeline.columnsByBranch;
  for (const branch of pipeline.branches) {
    const columns = byBranch[branch.name] ?? [];
    lines.push(`  ${branch.name} (${columns.length} column${columns.length === 1 ? '' : 's'}: ${preview(columns)}): ${branch.steps.map((s) => s.kind).join(' → ')}`);
  }
  lines.push(`  features: ${pipeline.featureNames.length}`, '', 'Test metrics (at training time):');
  lines.push(...formatTable(['metric', 'value'], Object.entries(metadata.metrics).map(([k, v]) => [k, v.toFixed(4)])).map((l) => `  ${l}`));
  lines.push('', 'Sizes:');
  lines.push(`  parameters: ${model.module.parameterCount().toLocaleString('en-US')}`);
  lines.push(`  ${MODEL_WEIGHTS_FILE}: ${kib(weightBytes)}; ${MODEL_CONFIG_FILE}: ${kib(configBytes)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The first few names, so a 64-column branch stays one line. */
function preview(names: readonly string[]): string {
  return names.length <= 6 ? names.join(', ') : `${names.slice(0, 5).join(', ')}, … ${names.at(-1)!}`;
}

function kib(n: number): string {
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KiB`;
}
