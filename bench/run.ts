/**
 * `npm run bench`: the same workloads through Sprout (js and wasm backends), TensorFlow.js (cpu and
 * wasm backends) and PyTorch CPU, one thread each (plus Sprout wasm on two threads), with a table and Sprout / peer ratios from the
 * same run (DESIGN.md, principle 8 and "Performance method"; issue 5).
 *
 *   npm run bench [-- --json] [--full] [--quick] [--rounds N] [--tools sprout-wasm,tfjs-wasm] [--workloads sgemm,mlpTrain]
 *
 * Each tool runs in its own child process per workload (so peak RSS is its own) and the tools take
 * turns round by round (A, B, C, A, B, C …), so a burst of load from other jobs hits them alike;
 * figures are medians over rounds. `--full` adds one epoch of MLP training per tool and its test
 * accuracy; `--quick` (the smoke test) runs the smallest sgemm once on Sprout's js backend.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { currentLoad, describeMachine } from './machine.js';
import type { AccuracyResult, DataSource, RoundResult, Task } from './protocol.js';
import { buildReport, type Cell, type Group, type Row } from './report.js';
import { median, percentile } from './stats.js';
import { makeTools, TOOL_IDS, type Tool, type ToolId } from './tools.js';
import { WorkerProcess } from './worker-process.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    tools: { type: 'string' },
    workloads: { type: 'string' },
  },
});

const GROUPS = ['sgemm', 'mlpTrain', 'cnnTrain', 'inference'] as const;
type Workload = (typeof GROUPS)[number];

function listOption<T extends string>(name: string, text: string | undefined, allowed: readonly T[], fallback: readonly T[]): T[] {
  if (text === undefined) return [...fallback];
  const items = text.split(',').map((s) => s.trim());
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) {
      console.error(`--${name}: '${item}' is not one of ${allowed.join(', ')}`);
      process.exit(2);
    }
  }
  return items as T[];
}

const quick = values.quick;
const toolIds = listOption('tools', values.tools, TOOL_IDS, quick ? ['sprout-js'] : TOOL_IDS);
const workloads = listOption('workloads', values.workloads, GROUPS, quick ? ['sgemm'] : GROUPS);
const roundsOverride = values.rounds === undefined ? undefined : Number(values.rounds);
if (roundsOverride !== undefined && !(Number.isInteger(roundsOverride) && roundsOverride >= 1)) {
  console.error(`--rounds must be a positive integer, got '${values.rounds}'`);
  process.exit(2);
}

/** How one task is measured. Rounds stop after `maxSeconds` (at least one repetition each). */
interface Plan {
  readonly warmup: number;
  readonly warmupSeconds: number;
  readonly rounds: number;
  readonly reps: number;
  readonly maxSeconds: number;
  /**
   * Without --full, a tool whose first repetition runs longer than this is stopped and reported as
   * "below work / cap" (TF.js cpu takes ~1 min for one 1024³ product or one CNN step on a busy
   * 2-core machine), so that the default run stays within about five minutes.
   */
  readonly capSeconds?: number;
}

interface TaskPlan {
  readonly task: Task;
  readonly plan: Plan;
  readonly label: string;
}

/**
 * A tool whose single warm-up repetition takes longer than this is measured by that repetition
 * alone (TF.js cpu needs ~10 s for one 1024³ product and ~1 min for one CNN step): its first-call
 * costs are negligible at that scale, and the default run must finish in minutes.
 */
const SLOW_SECONDS = 8;

const MLP_BATCH = 128;
const CNN_BATCH = 32;

function plans(workload: Workload): TaskPlan[] {
  const rounds = (n: number): number => roundsOverride ?? n;
  switch (workload) {
    case 'sgemm': {
      const shapes: Array<[number, number, number]> = quick ? [[128, 784, 256]] : [[128, 784, 256], [512, 512, 512], [1024, 1024, 1024]];
      return shapes.map(([m, k, n]) => ({
        task: { kind: 'sgemm', m, k, n },
        plan: { warmup: 2, warmupSeconds: 2, rounds: rounds(quick ? 1 : 3), reps: 50, maxSeconds: quick ? 0.2 : 0.5, capSeconds: 20 },
        label: `sgemm ${m}×${k}×${n}`,
      }));
    }
    case 'mlpTrain':
      // 5 warm-up steps, then 5 rounds of 10 steps: 50 timed steps for every tool fast enough.
      return [{ task: { kind: 'mlpTrain', batch: MLP_BATCH }, plan: { warmup: 5, warmupSeconds: 5, rounds: rounds(5), reps: 10, maxSeconds: 3 }, label: 'MLP training' }];
    case 'cnnTrain':
      return [{ task: { kind: 'cnnTrain', batch: CNN_BATCH }, plan: { warmup: 1, warmupSeconds: 5, rounds: rounds(3), reps: 2, maxSeconds: 3, capSeconds: 30 }, label: 'CNN training' }];
    case 'inference':
      return [
        { task: { kind: 'inference', batch: 1 }, plan: { warmup: 20, warmupSeconds: 2, rounds: rounds(3), reps: 200, maxSeconds: 1 }, label: 'MLP inference, batch 1' },
        { task: { kind: 'inference', batch: 256 }, plan: { warmup: 2, warmupSeconds: 2, rounds: rounds(3), reps: 20, maxSeconds: 2 }, label: 'MLP inference, batch 256' },
      ];
  }
}

interface Measured {
  readonly rounds: RoundResult[];
  /** Measured by the single warm-up repetition (see SLOW_SECONDS). */
  slow: boolean;
  /** Stopped after `capSeconds` inside its first repetition. */
  capped?: number;
  error?: string;
}

interface PhaseResult {
  readonly measured: Map<string, Map<ToolId, Measured>>;
  readonly rssKiB: Map<ToolId, number>;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const progress = (text: string): void => void process.stderr.write(`${text}\n`);
const REQUEST_TIMEOUT = 600;

const fashionDirectory = process.env['FASHION_MNIST_DIR'] ?? '/usr/share/datasets/fashion-mnist';
const data: DataSource = existsSync(join(fashionDirectory, 'train-images-idx3-ubyte.gz')) ? { kind: 'fashion-mnist', directory: fashionDirectory } : { kind: 'random' };

async function runPhase(workload: Workload, tools: readonly Tool[]): Promise<PhaseResult> {
  const tasks = plans(workload);
  const workers = new Map(tools.map((t) => [t.id, new WorkerProcess(t.spec, root)] as const));
  const measured = new Map<string, Map<ToolId, Measured>>(tasks.map((t) => [t.label, new Map()]));
  // Task by task: setups one tool at a time (a warm-up that stands in for the measurement must not
  // compete), then the rounds, the tools taking turns.
  for (const { task, plan, label } of tasks) {
    const cap = values.full ? undefined : plan.capSeconds;
    for (const tool of tools) {
      const reply = await workers.get(tool.id)!.request({ op: 'setup', task, warmup: plan.warmup, warmupSeconds: plan.warmupSeconds, data }, cap ?? REQUEST_TIMEOUT);
      const entry: Measured = { rounds: [], slow: false };
      if (!reply.ok) {
        entry.error = reply.error;
        if (cap !== undefined && reply.error.startsWith('no reply within')) entry.capped = cap;
      } else if (reply.warmup !== undefined && reply.warmup.reps === 1 && reply.warmup.seconds > SLOW_SECONDS) {
        entry.rounds.push(reply.warmup);
        entry.slow = true;
      }
      measured.get(label)!.set(tool.id, entry);
      progress(`[${workload}] ${label}: ${tool.id} ${reply.ok ? `ready${reply.warmup === undefined ? '' : ` (warm-up ${reply.warmup.seconds.toFixed(1)} s)`}` : `failed: ${reply.error}`}`);
    }
    for (let round = 0; round < plan.rounds; round++) {
      for (const tool of tools) {
        const entry = measured.get(label)!.get(tool.id)!;
        if (entry.error !== undefined || entry.slow) continue;
        const reply = await workers.get(tool.id)!.request({ op: 'round', task, reps: plan.reps, maxSeconds: plan.maxSeconds }, REQUEST_TIMEOUT);
        if (reply.ok && reply.round !== undefined) entry.rounds.push(reply.round);
        else entry.error = reply.ok ? 'no round result' : reply.error;
        progress(`[${workload}] round ${round + 1}/${plan.rounds} ${label}: ${tool.id} ${reply.ok ? `${reply.round?.reps ?? 0} reps in ${(reply.round?.seconds ?? 0).toFixed(2)} s` : `failed: ${entry.error}`}`);
      }
    }
  }
  const rssKiB = new Map<ToolId, number>();
  for (const [id, worker] of workers) {
    const rss = await worker.close();
    if (rss !== undefined) rssKiB.set(id, rss);
  }
  return { measured, rssKiB };
}

async function runAccuracy(tools: readonly Tool[]): Promise<Map<ToolId, AccuracyResult | string>> {
  const out = new Map<ToolId, AccuracyResult | string>();
  for (const tool of tools) {
    const worker = new WorkerProcess(tool.spec, root);
    progress(`[accuracy] ${tool.id}: one epoch of MLP training…`);
    const reply = await worker.request({ op: 'accuracy', data }, 3600);
    out.set(tool.id, reply.ok && reply.accuracy !== undefined ? reply.accuracy : reply.ok ? 'no result' : reply.error);
    await worker.close();
    const result = out.get(tool.id)!;
    progress(`[accuracy] ${tool.id}: ${typeof result === 'string' ? `failed: ${result}` : `${(result.accuracy * 100).toFixed(2)} % in ${result.seconds.toFixed(0)} s`}`);
  }
  return out;
}

const flops = (task: Task): number => (task.kind === 'sgemm' ? 2 * task.m * task.k * task.n : 0);
const batchOf = (task: Task): number => (task.kind === 'sgemm' ? 1 : task.batch);

/** Rate per round (GFLOP/s or samples/s), median over rounds. */
function rate(task: Task, m: Measured): number {
  const perRound = m.rounds.map((r) => (task.kind === 'sgemm' ? (r.reps * flops(task)) / r.seconds / 1e9 : (r.reps * batchOf(task)) / r.seconds));
  return median(perRound);
}

function setCell(cells: Row['cells'], id: ToolId, cell: Cell | undefined): void {
  if (cell !== undefined) cells[id] = cell;
}

const machine = describeMachine();
const tools = makeTools(toolIds);
const running = tools.filter((t) => t.skip === undefined);
progress(`machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadAverageStart.join(' ')}`);
for (const t of tools) if (t.skip !== undefined) progress(`${t.id} skipped: ${t.skip}`);

const rows: Row[] = [];
const notes: string[] = [];
const started = performance.now();
const rssRows = new Map<Workload, Row>();

for (const workload of workloads) {
  const phaseTools = running.filter((t) => workload === 'sgemm' || !t.sgemmOnly);
  const result = await runPhase(workload, phaseTools);
  for (const { task, label } of plans(workload)) {
    const byTool = result.measured.get(label)!;
    const cellFor = (id: ToolId, value: (m: Measured) => number): Cell | undefined => {
      const m = byTool.get(id);
      if (m === undefined) return undefined;
      if (m.capped !== undefined) {
        const bound = task.kind === 'sgemm' ? flops(task) / m.capped / 1e9 : batchOf(task) / m.capped;
        return { value: null, bound, note: `its first repetition did not finish within ${m.capped} s and was stopped, so the figure is below ${bound.toPrecision(2)}; --full lifts the cap` };
      }
      if (m.error !== undefined) return { value: null, note: m.error };
      const reps = m.rounds.reduce((s, r) => s + r.reps, 0);
      return { value: value(m), count: reps, ...(m.slow ? { note: `one repetition only (it takes > ${SLOW_SECONDS} s): measured by the warm-up call` } : {}) };
    };
    const group: Group = workload;
    if (task.kind === 'inference') {
      for (const p of [50, 99]) {
        const cells: Row['cells'] = {};
        for (const t of phaseTools) setCell(cells, t.id, cellFor(t.id, (m) => percentile(m.rounds.flatMap((r) => r.times), p)));
        rows.push({ group, key: `batch${task.batch}P${p}Ms`, label: `${label}, p${p}`, unit: 'ms', better: 'lower', cells });
      }
    } else {
      const cells: Row['cells'] = {};
      for (const t of phaseTools) setCell(cells, t.id, cellFor(t.id, (m) => rate(task, m)));
      const key = task.kind === 'sgemm' ? `${task.m}x${task.k}x${task.n}` : 'samplesPerSecond';
      rows.push({ group, key, label, unit: task.kind === 'sgemm' ? 'GFLOP/s' : 'samples/s', better: 'higher', cells });
      // Work per CPU-second (all the worker's threads): on a loaded machine it shows what a
      // repetition costs while wall time also counts waiting for a core.
      const cpuCells: Row['cells'] = {};
      for (const t of phaseTools) {
        const m = byTool.get(t.id);
        if (m === undefined || m.error !== undefined || m.slow || m.rounds.some((r) => r.cpuSeconds === undefined)) continue;
        const work = task.kind === 'sgemm' ? flops(task) / 1e9 : batchOf(task);
        cpuCells[t.id] = { value: median(m.rounds.map((r) => (r.reps * work) / r.cpuSeconds!)) };
      }
      const cpuKey = task.kind === 'sgemm' ? `${key}PerCpuSecond` : 'samplesPerCpuSecond';
      const cpuUnit = task.kind === 'sgemm' ? 'GFLOP/CPU-s' : 'samples/CPU-s';
      rows.push({ group, key: cpuKey, label: `${label}, per CPU-second (all threads)`, unit: cpuUnit, better: 'higher', cells: cpuCells });
    }
  }
  const rss: Row = { group: 'rss', key: workload, label: `peak RSS, ${workload} worker`, unit: 'MiB', better: 'lower', cells: {} };
  for (const t of phaseTools) {
    const kib = result.rssKiB.get(t.id);
    rss.cells[t.id] = kib === undefined ? { value: null, note: 'worker stopped (time cap or crash) before reporting its RSS' } : { value: kib / 1024 };
  }
  rssRows.set(workload, rss);
}
rows.push(...rssRows.values());

if (values.full) {
  const accuracy = await runAccuracy(running.filter((t) => !t.sgemmOnly));
  const cells: Row['cells'] = {};
  const secondsCells: Row['cells'] = {};
  for (const [id, result] of accuracy) {
    cells[id] = typeof result === 'string' ? { value: null, note: result } : { value: result.accuracy * 100 };
    secondsCells[id] = typeof result === 'string' ? { value: null, note: result } : { value: result.trainSamples / result.seconds, count: result.trainSamples / MLP_BATCH };
  }
  rows.push({ group: 'mlpTrain', key: 'accuracyPercent', label: 'MLP test accuracy after 1 epoch', unit: '%', better: 'higher', cells });
  rows.push({ group: 'mlpTrain', key: 'epochSamplesPerSecond', label: 'MLP training, whole epoch', unit: 'samples/s', better: 'higher', cells: secondsCells });
}

machine.loadAverageEnd = currentLoad();
if (data.kind === 'random') notes.push(`Fashion-MNIST not found in ${fashionDirectory}: training and inference used random data of the same shapes.`);
else notes.push(`Training and inference data: Fashion-MNIST from ${fashionDirectory}.`);
for (const t of tools) if (t.skip !== undefined) notes.push(`${t.label} skipped: ${t.skip}.`);
notes.push(`Total time ${((performance.now() - started) / 1000).toFixed(0)} s.`);

const report = buildReport({ machine, tools, rows, notes, full: values.full, mlpBatch: MLP_BATCH, cnnBatch: CNN_BATCH });
console.log(report.markdown);
if (values.json) console.log(JSON.stringify(report.json));
