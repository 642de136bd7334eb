/**
 * `sprout info`: what is in a model folder, read from its config without running anything —
 * architecture (the module summary), preprocessing (clean steps, then each branch's columns and
 * steps), labels, the test metrics recorded at training time, and sizes (parameters, features,
 * bytes on disk). A pipeline's model folder (text, image, speech, lm, recommend) gets its kind,
 * classes, architecture, the metrics it recorded and its sizes.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModel, MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE } from '../../node/index.js';
import { loadCliModel } from '../cli-model.js';
import { formatTable } from '../format-table.js';
import { loadPipelineModel, MODEL_KIND_NAMES } from '../pipeline-model.js';

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
  const bytes = async (file: string): Promise<number> => (await stat(join(options.dir, file))).size;
  const [configBytes, weightBytes] = await Promise.all([bytes(MODEL_CONFIG_FILE), bytes(MODEL_WEIGHTS_FILE)]).catch(() => [0, 0]);
  const { kind } = await loadPipelineModel(options.dir);
  if (kind !== 'tabular') {
    process.stdout.write(`${(await pipelineInfoLines(options.dir, kind, configBytes, weightBytes)).join('\n')}\n`);
    return;
  }
  const { model, config, pipeline, metadata } = await loadCliModel(options.dir);
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

/** What a pipeline's model folder holds: kind, classes, architecture, recorded metrics, sizes. */
async function pipelineInfoLines(dir: string, kind: keyof typeof MODEL_KIND_NAMES, configBytes: number, weightBytes: number): Promise<string[]> {
  const { model, config } = await loadModel(dir);
  const metadata = config.metadata as Readonly<Record<string, unknown>>;
  const lines = [
    `Model: ${dir} (Sprout ${config.sproutVersion}, format ${config.format} v${config.formatVersion})`,
    `Pipeline: ${MODEL_KIND_NAMES[kind]}`,
  ];
  if (config.labels !== null) lines.push(`Classes (${config.labels.length}): ${preview(config.labels)}`);
  lines.push('', 'Architecture:', ...model.summary().split('\n').map((l) => `  ${l}`));
  const metrics = Object.entries((metadata['metrics'] ?? {}) as Record<string, unknown>).filter((entry): entry is [string, number] => typeof entry[1] === 'number');
  if (metrics.length > 0) {
    lines.push('', 'Metrics (at training time):', ...formatTable(['metric', 'value'], metrics.map(([k, v]) => [k, v.toFixed(4)])).map((l) => `  ${l}`));
  }
  lines.push('', 'Sizes:', `  parameters: ${model.module.parameterCount().toLocaleString('en-US')}`);
  lines.push(`  ${MODEL_WEIGHTS_FILE}: ${kib(weightBytes)}; ${MODEL_CONFIG_FILE}: ${kib(configBytes)}`);
  return lines;
}

/** The first few names, so a 64-column branch stays one line. */
function preview(names: readonly string[]): string {
  return names.length <= 6 ? names.join(', ') : `${names.slice(0, 5).join(', ')}, … ${names.at(-1)!}`;
}

function kib(n: number): string {
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KiB`;
}
