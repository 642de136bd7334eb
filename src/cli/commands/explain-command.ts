/**
 * `sprout explain`: why a saved tabular model predicts what it does. Local methods (integrated
 * gradients by default, saliency, gradient × input, SmoothGrad) explain one row of a file: each of
 * the user's columns gets the sum of its features' attributions, ranked, so one-hot columns read as
 * one. Global methods look at the whole file: `permutation` (importance of each column, needs the
 * target column) and `surrogate` (a small decision tree imitating the model, with its fidelity on
 * held-out rows). `--out` writes a picture (bar chart SVG, or a PNG strip) or the tree's rules.
 *
 * Integrated gradients start from the file's mean row (in the model's feature space), so an
 * attribution says how much a column moved this prediction away from the average one.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { cellAt, type Table } from '../../data/index.js';
import { Generator, indexSelect, rand, sort, tensor, type Tensor } from '../../core/index.js';
import {
  barChartSvg,
  EXPLAIN_METHODS,
  explainTableRow,
  featureColumns,
  globalSurrogate,
  heatmapPng,
  permutationImportance,
} from '../../explain/index.js';
import { writeFileAtomic } from '../../node/index.js';
import { CliError } from '../cli-error.js';
import { type CliModel, loadCliModel } from '../cli-model.js';
import { formatTable } from '../format-table.js';
import { loadTable } from '../load-table.js';

/** The methods `sprout explain` offers. */
export const CLI_EXPLAIN_METHODS = [...EXPLAIN_METHODS.filter((m) => m !== 'occlusion'), 'permutation', 'surrogate'] as const;

/** Options of {@link explainCommand}. */
export interface ExplainCommandOptions {
  readonly dir: string;
  readonly data: string;
  /** The row to explain, 0 = the first data row (local methods). */
  readonly row?: number;
  readonly method: string;
  /** .svg or .png (local and permutation), .txt (surrogate). */
  readonly out?: string;
  readonly json: boolean;
  /** Columns to print (default 10). */
  readonly top: number;
  /** Classification: the class to explain (default: the predicted one). */
  readonly target?: string;
  readonly steps: number;
  readonly repeats: number;
  readonly depth: number;
  readonly seed: number;
}

/** One column's share in an explanation. */
interface ColumnScore {
  readonly column: string;
  readonly value: string;
  readonly score: number;
  readonly spread?: number;
}

/**
 * Runs `sprout explain`.
 *
 * @throws CliError for an unknown method, a bad --out extension, a row out of range, a file without
 *   the model's columns (or, for permutation, its target), or an unknown --target class.
 * @example
 * await explainCommand({ dir: 'models/churn', data: 'customers.csv', row: 3, method: 'integrated-gradients', json: false, top: 10, steps: 50, repeats: 5, depth: 3, seed: 0 });
 */
export async function explainCommand(options: ExplainCommandOptions): Promise<void> {
  const method = options.method;
  if (!(CLI_EXPLAIN_METHODS as readonly string[]).includes(method)) throw new CliError(`unknown method '${method}'; choose one of: ${CLI_EXPLAIN_METHODS.join(', ')}`);
  const extension = options.out === undefined ? null : extname(options.out).toLowerCase();
  const allowed = method === 'surrogate' ? ['.txt'] : ['.svg', '.png'];
  if (extension !== null && !allowed.includes(extension)) throw new CliError(`--out for method '${method}' must end in ${allowed.join(' or ')}, got '${options.out}'`);
  const local = (EXPLAIN_METHODS as readonly string[]).includes(method);
  if (local && options.row === undefined) throw new CliError(`method '${method}' explains one row: give --row N (0 = the first data row)`);
  const loaded = await loadCliModel(options.dir);
  const table = await loadTable(options.data, { types: loaded.metadata.columnTypes });
  const columns = Object.values(loaded.pipeline.columnsByBranch).flat();
  const missing = columns.filter((c) => !table.has(c));
  if (missing.length > 0) throw new CliError(`'${options.data}' lacks the model's column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `'${c}'`).join(', ')}; the model reads: ${columns.join(', ')}`);
  if (method === 'surrogate') return surrogate(loaded, table, options);
  const scores = method === 'permutation' ? permutation(loaded, table, featureColumns(loaded.pipeline.featureNames, columns), options) : explainRow(loaded, table, method, options);
  if (options.out !== undefined) {
    const shown = scores.slice(0, options.top);
    const picture =
      extension === '.png'
        ? heatmapPng(shown.map((s) => s.score), 1, shown.length, { scale: 24 })
        : barChartSvg(
            shown.map((s) => ({ label: s.value === '' ? s.column : `${s.column} = ${s.value}`, value: s.score, ...(s.spread === undefined ? {} : { error: s.spread }) })),
            { title: method === 'permutation' ? `permutation importance (${options.data})` : `${method}, row ${options.row} of ${options.data}` },
          );
    await write(options.out, picture);
  }
}

/** A local attribution of one row, summed per column; prints the report and returns the ranking. */
function explainRow(loaded: CliModel, table: Table, method: string, options: ExplainCommandOptions): ColumnScore[] {
  const { model, pipeline, metadata } = loaded;
  const n = table.rowCount;
  const row = options.row!;
  if (row >= n) throw new CliError(`--row ${row} is out of range: '${options.data}' has ${n} data row${n === 1 ? '' : 's'} (0 … ${n - 1})`);
  if (metadata.task === 'classification' && options.target !== undefined && !pipeline.classes.includes(options.target)) {
    throw new CliError(`--target '${options.target}' is not a class of the model; the classes are: ${pipeline.classes.join(', ')}`);
  }
  const why = explainTableRow({ model, pipeline, task: metadata.task, targetScaling: metadata.targetScaling }, table, row, {
    method,
    steps: options.steps,
    seed: options.seed,
    ...(options.target === undefined ? {} : { target: options.target }),
  });
  const what = why.label === null ? `predicted ${metadata.target} ${fmt(why.output)}` : `probability of ${metadata.target} = '${why.label}': ${fmt(why.output)}`;
  const lines = [`Row ${row} of ${options.data}: ${what}`, `Method: ${method}${method === 'integrated-gradients' ? ` (${options.steps} steps from the file's mean row)` : ''}`];
  if (why.baselineOutput !== undefined) {
    const sum = why.columns.reduce((s, c) => s + c.attribution, 0);
    lines.push(`At the file's mean row: ${fmt(why.baselineOutput)}; the attributions add up to ${fmt(sum)} (completeness gap ${fmt(why.completenessGap!)}, ${(100 * why.relativeGap!).toFixed(2)} % of the change)`);
  }
  lines.push('', ...formatTable(['column', 'value', 'attribution'], why.columns.slice(0, options.top).map((c) => [c.column, c.value, signed(c.attribution)])));
  process.stdout.write(`${lines.join('\n')}\n`);
  if (options.json) {
    const features = why.features.map((f) => ({ name: f.name, value: f.value, attribution: f.attribution }));
    process.stdout.write(`${JSON.stringify({ ...why, target: why.label ?? metadata.target, features })}\n`);
  }
  return why.columns.map((c) => ({ column: c.column, value: c.value, score: c.attribution }));
}

/** Permutation importance of each column over the labelled file. */
function permutation(loaded: CliModel, table: Table, groups: ReturnType<typeof featureColumns>, options: ExplainCommandOptions): ColumnScore[] {
  const { model, pipeline, metadata } = loaded;
  if (!table.has(metadata.target)) throw new CliError(`method 'permutation' scores the model, so '${options.data}' needs the target column '${metadata.target}'`);
  const { x, y, rowCount } = pipeline.transform(table, { clean: true });
  if (rowCount < 2) throw new CliError(`method 'permutation' needs at least 2 rows with a target value in '${options.data}', got ${rowCount}`);
  // R² is unchanged when truth and prediction are both standardised, so regression compares in the network's units.
  const scaling = metadata.targetScaling ?? { mean: 0, std: 1 };
  const truth = metadata.task === 'classification' ? y!.dataSync() : Float64Array.from(y!.dataSync(), (v) => (v - scaling.mean) / scaling.std);
  const result = permutationImportance(model, x, truth, { repeats: options.repeats, seed: options.seed, groups: groups.map((g) => ({ name: g.column, columns: g.features })) });
  const scores = result.features.map((f): ColumnScore => ({ column: f.name, value: '', score: f.mean, spread: f.std })).sort((a, b) => b.score - a.score);
  const lines = [
    `Permutation importance on ${options.data} (${rowCount} rows, ${options.repeats} shuffles per column, seed ${options.seed})`,
    `${result.metric} with every column intact: ${fmt(result.baselineScore)}; importance = its drop when the column is shuffled`,
    '',
    ...formatTable(['column', 'importance', '± std'], scores.slice(0, options.top).map((s) => [s.column, signed(s.score), fmt(s.spread!)])),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify({ method: 'permutation', metric: result.metric, baselineScore: result.baselineScore, columns: scores.map((s) => ({ column: s.column, importance: s.score, std: s.spread })) })}\n`);
  return scores;
}

/** A decision tree imitating the model: 70 % of the rows to fit, 30 % to measure fidelity. */
async function surrogate(loaded: CliModel, table: Table, options: ExplainCommandOptions): Promise<void> {
  const { model, pipeline, metadata } = loaded;
  const features = table.has(metadata.target) ? table.drop([metadata.target]) : table;
  const { x } = pipeline.transform(features);
  const n = x.shape[0]!;
  if (n < 10) throw new CliError(`method 'surrogate' needs at least 10 rows in '${options.data}', got ${n}`);
  const order = Int32Array.from(sort(rand([n], { generator: new Generator(options.seed), dtype: 'float64' })).indices.dataSync());
  const cut = Math.round(0.7 * n);
  const part = (from: number, to: number): Tensor => indexSelect(x, 0, tensor(order.slice(from, to)));
  const result = globalSurrogate(model, part(0, cut), part(cut, n), {
    maxDepth: options.depth,
    featureNames: pipeline.featureNames,
    ...(metadata.task === 'classification' ? { classNames: pipeline.classes } : {}),
  });
  // Leaves hold a class index, or a prediction in the network's standardised units: say them in the user's.
  const scaling = metadata.targetScaling ?? { mean: 0, std: 1 };
  const label = metadata.task === 'classification' ? (v: number): string => pipeline.classes[v] ?? String(v) : (v: number): string => fmt(v * scaling.std + scaling.mean);
  const rules = result.tree.toText(pipeline.featureNames, label, userCondition(table, x, pipeline.featureNames, order.slice(0, cut)));
  const unit = result.task === 'classification' ? 'agreement with the model' : 'R² against the model';
  const lines = [
    `Surrogate decision tree (depth ≤ ${options.depth}, ${result.tree.leafCount} rules) fitted on ${cut} rows of ${options.data} to the model's predictions`,
    `Fidelity on the other ${n - cut} rows: ${fmt(result.fidelity)} (${unit}); on the fitted rows: ${fmt(result.trainFidelity)}`,
    '',
    rules,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify({ method: 'surrogate', task: result.task, fidelity: result.fidelity, trainFidelity: result.trainFidelity, leaves: result.tree.leafCount, rules })}\n`);
  if (options.out !== undefined) await write(options.out, `${rules}\n`);
}

/**
 * Words splits in the file's terms: a one-hot feature `color=red` becomes `color is red` / `color is
 * not red`; a scaled numeric feature gets its threshold in the column's own units. Clipping and
 * scaling are monotonic, so the raw threshold is the midpoint between the largest raw value whose
 * feature falls at or below the split and the smallest above it, read off the fitted rows.
 */
function userCondition(table: Table, x: Tensor, featureNames: readonly string[], rows: ArrayLike<number>): (feature: number, threshold: number) => { yes: string; no: string } {
  const width = x.shape[1]!;
  const features = x.dataSync();
  return (feature, threshold) => {
    const name = featureNames[feature]!;
    const category = /^(.+)=(.+)$/.exec(name);
    if (category !== null && table.has(category[1]!) && threshold > 0 && threshold < 1) {
      return { yes: `${category[1]} is not ${category[2]}`, no: `${category[1]} is ${category[2]}` };
    }
    const t = Number(threshold.toPrecision(4));
    if (!table.has(name) || table.column(name).type !== 'numeric') return { yes: `${name} <= ${t}`, no: `${name} > ${t}` };
    const column = table.column(name);
    let below = -Infinity;
    let above = Infinity;
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k]!;
      const raw = cellAt(column, r);
      if (typeof raw !== 'number') continue;
      if (features[r * width + feature]! <= threshold) below = Math.max(below, raw);
      else above = Math.min(above, raw);
    }
    if (!Number.isFinite(below) || !Number.isFinite(above)) return { yes: `${name} <= ${t} (scaled)`, no: `${name} > ${t} (scaled)` };
    const raw = Number(((below + above) / 2).toPrecision(4));
    return { yes: `${name} <= ${raw}`, no: `${name} > ${raw}` };
  };
}

async function write(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, data);
  process.stderr.write(`Wrote ${path}\n`);
}

function fmt(v: number): string {
  return String(Number(v.toPrecision(4)));
}

function signed(v: number): string {
  return `${v >= 0 ? '+' : ''}${fmt(v)}`;
}
