/** The benchmark's output: a Markdown table (console and docs/BENCHMARKS.md) and the `--json` object. */
import type { Machine } from './machine.js';
import { PEER_IDS, SPROUT_IDS, type Tool, type ToolId } from './tools.js';

export type Group = 'sgemm' | 'mlpTrain' | 'cnnTrain' | 'inference' | 'rss';

export interface Cell {
  /** null when the tool could not run the workload (`note` says why). */
  readonly value: number | null;
  /** An upper bound when the tool was stopped before one repetition finished. */
  readonly bound?: number;
  readonly note?: string;
  /** Timed repetitions behind the figure. */
  readonly count?: number;
}

export interface Row {
  readonly group: Group;
  /** Key inside the group's JSON object, e.g. `128x784x256`, `samplesPerSecond`, `batch1P50Ms`. */
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly better: 'higher' | 'lower';
  readonly cells: Partial<Record<ToolId, Cell>>;
}

export interface ReportInput {
  readonly machine: Machine;
  readonly tools: readonly Tool[];
  readonly rows: readonly Row[];
  readonly notes: readonly string[];
  readonly full: boolean;
  readonly mlpBatch: number;
  readonly cnnBatch: number;
}

export interface Target {
  readonly target: string;
  /** null: not checked in this run (the detail says why). */
  readonly met: boolean | null;
  readonly detail: string;
}

type Pair = `${(typeof SPROUT_IDS)[number]}/${(typeof PEER_IDS)[number]}`;

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  if (Math.abs(value) >= 0.1 || value === 0) return value.toFixed(2);
  return value.toPrecision(2);
}

function ratio(row: Row, sprout: ToolId, peer: ToolId): number | null {
  const a = row.cells[sprout]?.value;
  const b = row.cells[peer]?.value;
  return a === undefined || a === null || b === undefined || b === null || b === 0 ? null : a / b;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

function valueOf(rows: readonly Row[], group: Group, key: string, tool: ToolId): number | null {
  return rows.find((r) => r.group === group && r.key === key)?.cells[tool]?.value ?? null;
}

/** Issue 5's targets, judged on Sprout's default (wasm) backend against this run's figures. */
function targets(rows: readonly Row[], full: boolean): Target[] {
  const out: Target[] = [];
  const judge = (target: string, value: number | null, threshold: number, direction: 'min' | 'max', describe: (v: number) => string): void => {
    if (value === null) out.push({ target, met: null, detail: 'not measured in this run' });
    else out.push({ target, met: direction === 'min' ? value >= threshold : value <= threshold, detail: describe(value) });
  };
  const wasm = 'sprout-wasm';
  judge('sgemm 128×784×256 ≥ 20 GFLOP/s on one thread', valueOf(rows, 'sgemm', '128x784x256', wasm), 20, 'min', (v) => `${format(v)} GFLOP/s`);
  judge('sgemm 128×784×256 ≥ 30 GFLOP/s on two threads', valueOf(rows, 'sgemm', '128x784x256', 'sprout-wasm-2t'), 30, 'min', (v) => `${format(v)} GFLOP/s (Sprout wasm, 2 threads)`);
  const mlp = (peer: ToolId): number | null => {
    const s = valueOf(rows, 'mlpTrain', 'samplesPerSecond', wasm);
    const p = valueOf(rows, 'mlpTrain', 'samplesPerSecond', peer);
    return s === null || p === null ? null : s / p;
  };
  judge('MLP training ≥ 5× TF.js wasm', mlp('tfjs-wasm'), 5, 'min', (v) => `${format(v)}×`);
  judge('MLP training ≥ 30× TF.js cpu', mlp('tfjs-cpu'), 30, 'min', (v) => `${format(v)}×`);
  if (!full) out.push({ target: 'same accuracy within 1 point after one epoch', met: null, detail: 'run with --full to train one epoch per tool' });
  else {
    const s = valueOf(rows, 'mlpTrain', 'accuracyPercent', wasm);
    const peers = (['tfjs-cpu', 'tfjs-wasm', 'torch'] as const).map((p) => [p, valueOf(rows, 'mlpTrain', 'accuracyPercent', p)] as const).filter(([, v]) => v !== null);
    if (s === null || peers.length === 0) out.push({ target: 'same accuracy within 1 point after one epoch', met: null, detail: 'accuracy missing' });
    else {
      const worst = Math.max(...peers.map(([, v]) => Math.abs(s - v!)));
      out.push({ target: 'same accuracy within 1 point after one epoch', met: worst <= 1, detail: `Sprout wasm ${format(s)} %; ${peers.map(([p, v]) => `${p} ${format(v!)} %`).join(', ')}` });
    }
  }
  const cnn = valueOf(rows, 'cnnTrain', 'samplesPerSecond', wasm);
  const torchCnn = valueOf(rows, 'cnnTrain', 'samplesPerSecond', 'torch');
  judge('CNN training ≥ 0.5× PyTorch CPU (1 thread each)', cnn === null || torchCnn === null ? null : cnn / torchCnn, 0.5, 'min', (v) => `${format(v)}× (${format(cnn!)} vs ${format(torchCnn!)} samples/s)`);
  const lat = valueOf(rows, 'inference', 'batch1P50Ms', wasm);
  const tfLat = valueOf(rows, 'inference', 'batch1P50Ms', 'tfjs-wasm');
  judge('MLP inference latency at batch 1 (p50) no worse than TF.js wasm', lat === null || tfLat === null ? null : lat / tfLat, 1, 'max', (v) => `${format(lat!)} ms vs ${format(tfLat!)} ms (${format(v)}×)`);
  const rss = valueOf(rows, 'rss', 'mlpTrain', wasm);
  const tfRss = valueOf(rows, 'rss', 'mlpTrain', 'tfjs-wasm');
  judge('peak RSS during MLP training ≤ TF.js wasm', rss === null || tfRss === null ? null : rss / tfRss, 1, 'max', (v) => `${format(rss!)} MiB vs ${format(tfRss!)} MiB (${format(v)}×)`);
  return out;
}

export function buildReport(input: ReportInput): { markdown: string; json: Record<string, unknown> } {
  const { machine, rows } = input;
  const tools = input.tools.filter((t) => t.skip === undefined && rows.some((r) => r.cells[t.id] !== undefined));
  const footnotes: string[] = [];
  const footnote = (text: string): number => {
    const at = footnotes.indexOf(text);
    if (at >= 0) return at + 1;
    footnotes.push(text);
    return footnotes.length;
  };
  const cellText = (row: Row, tool: Tool): string => {
    const cell = row.cells[tool.id];
    if (cell === undefined) return '—';
    const marker = cell.note === undefined ? '' : ` [${footnote(`${tool.label}, ${row.label}: ${cell.note}`)}]`;
    const shown = cell.value !== null ? format(cell.value) : cell.bound !== undefined ? `< ${format(cell.bound)}` : 'n/a';
    return `${shown}${marker}`;
  };

  const lines: string[] = [];
  const load = (l: readonly number[] | undefined): string => (l === undefined ? '?' : l.join(' / '));
  lines.push(`Machine: ${machine.cpu}; ${machine.cores} cores; ${machine.memoryGiB} GiB; ${machine.platform}; Node ${machine.node}.`);
  lines.push(`Load average (1 / 5 / 15 min): ${load(machine.loadAverageStart)} at start, ${load(machine.loadAverageEnd)} at end${machine.loadAverageStart[0]! > machine.cores ? ' — the machine was busy: figures are noisy; read the ratios, not the absolute values' : ''}. ${machine.date}.`);
  lines.push('');
  lines.push('Every tool on one thread (but "Sprout wasm (2 threads)"), in its own process per workload, tools interleaved round by round; figures are medians over rounds (latencies: percentiles over all calls). Rows "per CPU-second" divide the work by the CPU time of the worker process (all its threads).');
  lines.push('');
  lines.push(`| workload | unit | ${tools.map((t) => t.label).join(' | ')} |`);
  lines.push(`|---|---|${tools.map(() => '---:|').join('')}`);
  for (const row of rows) {
    lines.push(`| ${row.label} | ${row.unit} (${row.better} is better) | ${tools.map((t) => cellText(row, t)).join(' | ')} |`);
    if (row.key === 'samplesPerSecond') lines.push(`| ↳ steps timed | | ${tools.map((t) => (row.cells[t.id]?.count === undefined ? '—' : String(row.cells[t.id]!.count))).join(' | ')} |`);
  }
  lines.push('');

  const pairs = SPROUT_IDS.flatMap((s) => PEER_IDS.map((p) => [s, p] as const)).filter(([s, p]) => rows.some((r) => ratio(r, s, p) !== null));
  const labelOf = (id: ToolId): string => input.tools.find((t) => t.id === id)?.label ?? id;
  if (pairs.length > 0) {
    lines.push('Ratios Sprout / peer from this run (rates: above 1 means Sprout is faster; ms and MiB: below 1 means Sprout is faster / leaner):');
    lines.push('');
    lines.push(`| workload | ${pairs.map(([s, p]) => `${labelOf(s)} / ${labelOf(p)}`).join(' | ')} |`);
    lines.push(`|---|${pairs.map(() => '---:|').join('')}`);
    for (const row of rows) {
      const ratios = pairs.map(([s, p]) => ratio(row, s, p));
      if (ratios.every((r) => r === null)) continue;
      lines.push(`| ${row.label} | ${ratios.map((r) => (r === null ? '—' : `${format(r)}×`)).join(' | ')} |`);
    }
    lines.push('');
  }

  const checked = targets(rows, input.full);
  lines.push('Issue 5 targets (Sprout wasm, the default backend):');
  lines.push('');
  for (const t of checked) lines.push(`- ${t.met === null ? 'not checked' : t.met ? 'met' : '**not met**'}: ${t.target} — ${t.detail}`);
  lines.push('');
  if (footnotes.length > 0) {
    lines.push('Notes:');
    lines.push('');
    footnotes.forEach((f, i) => lines.push(`${i + 1}. ${f}`));
    lines.push('');
  }
  for (const note of input.notes) lines.push(`- ${note}`);
  lines.push(`- Workloads: sgemm float32 C = A·B; MLP 784-256-128-10, batch ${input.mlpBatch}, Adam lr 1e-3, cross entropy; CNN conv 3×3 32 + ReLU + max-pool 2, conv 3×3 64 + ReLU + max-pool 2, dense 128, dense 10, batch ${input.cnnBatch}, Adam; inference: the MLP in eval mode, output read back. TF.js wasm: setThreadsCount(1); PyTorch: torch.set_num_threads(1); NumPy: OPENBLAS_NUM_THREADS=1 (the machine's single-thread sgemm reference).`);

  const json: Record<string, unknown> = { machine, tools: Object.fromEntries(input.tools.map((t) => [t.id, { label: t.label, ...(t.skip === undefined ? {} : { skipped: t.skip }) }])) };
  for (const group of ['sgemm', 'mlpTrain', 'cnnTrain', 'inference', 'rss'] as const) {
    const groupRows = rows.filter((r) => r.group === group);
    const perTool: Record<string, Record<string, number | null>> = {};
    const notes: Record<string, Record<string, string>> = {};
    const counts: Record<string, Record<string, number>> = {};
    for (const row of groupRows) {
      for (const [id, cell] of Object.entries(row.cells) as Array<[ToolId, Cell | undefined]>) {
        if (cell === undefined) continue;
        (perTool[id] ??= {})[row.key] = cell.value === null ? null : round3(cell.value);
        if (cell.note !== undefined) (notes[id] ??= {})[row.key] = cell.note;
        if (cell.count !== undefined) (counts[id] ??= {})[row.key] = cell.count;
      }
    }
    const ratios: Partial<Record<Pair, Record<string, number | null>>> = {};
    for (const [s, p] of pairs) {
      const entries = groupRows.map((r) => [r.key, ratio(r, s, p)] as const).filter(([, v]) => v !== null);
      if (entries.length > 0) ratios[`${s}/${p}`] = Object.fromEntries(entries.map(([k, v]) => [k, round3(v!)]));
    }
    json[group] = { units: Object.fromEntries(groupRows.map((r) => [r.key, `${r.unit} (${r.better} is better)`])), tools: perTool, ratios, ...(Object.keys(notes).length > 0 ? { notes } : {}), ...(Object.keys(counts).length > 0 ? { repetitions: counts } : {}) };
  }
  json['targets'] = checked;
  json['notes'] = input.notes;
  return { markdown: lines.join('\n'), json };
}
