/**
 * Load test of `sprout serve` on loopback (`npm run bench:serve`): trains the digits model
 * (data/digits.csv, 10 epochs) unless `--model` names one, starts `sprout serve` as a child
 * process, and drives it with autocannon — 200 connections for 30 s by default, each request one
 * row — twice: with micro-batching (the defaults: up to 64 items, 2 ms window) and without
 * (`--max-batch 1`), so the table shows what batching buys on this machine. A 3 s warm-up run
 * precedes each measured run. Prints p50/p90/p99 latency, throughput, errors and the mean batch
 * size scraped from /metrics, with the machine and its load average (shared machines are noisy).
 *
 *     npm run bench:serve                                   # digits, 200 connections, 30 s, both modes
 *     npm run bench:serve -- --connections 20 --duration 5  # a quick look
 *     npm run bench:serve -- --model models/mine --body body.json
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { currentLoad, describeMachine } from './machine.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SPROUT = join(ROOT, 'bin', 'sprout.js');

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    body: { type: 'string' },
    connections: { type: 'string', default: '200' },
    duration: { type: 'string', default: '30' },
    rows: { type: 'string', default: '1' },
    'no-compare': { type: 'boolean', default: false },
  },
});
const connections = Number(values.connections);
const duration = Number(values.duration);

interface Run {
  readonly mode: string;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly rowsPerSecond: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly timeouts: number;
  readonly requestsPerForward: number;
}

/** The digits model and a body of `rows` digit rows, or the user's model and body. */
function workload(work: string): { model: string; body: string; rows: number } {
  if (values.model !== undefined) {
    if (values.body === undefined) throw new Error('--model needs --body FILE: a JSON request body for that model');
    const body = readFileSync(values.body, 'utf8');
    const parsed = JSON.parse(body) as { rows?: unknown[]; texts?: unknown[] };
    return { model: values.model, body, rows: (parsed.rows ?? parsed.texts ?? []).length };
  }
  const model = join(work, 'digits');
  process.stderr.write('training the digits model (10 epochs)…\n');
  const trained = spawnSync(process.execPath, [SPROUT, 'train', '--data', join(ROOT, 'data', 'digits.csv'), '--target', 'target', '--out', model, '--epochs', '10'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (trained.status !== 0) throw new Error('training the digits model failed');
  const lines = readFileSync(join(ROOT, 'data', 'digits.csv'), 'utf8').trim().split('\n');
  const names = lines[0]!.split(',');
  const count = Number(values.rows);
  const rows = lines.slice(1, 1 + count).map((line) => Object.fromEntries(line.split(',').flatMap((v, j) => (names[j] === 'target' ? [] : [[names[j]!, Number(v)]]))));
  return { model, body: JSON.stringify({ rows }), rows: count };
}

async function serveAndLoad(mode: string, model: string, body: string, rows: number, extra: readonly string[]): Promise<Run> {
  const child = spawn(process.execPath, [SPROUT, 'serve', `bench=${model}`, '--port', '0', ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  try {
    while (!/^ready: /m.test(stdout)) {
      if (child.exitCode !== null) throw new Error(`sprout serve exited: ${stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const base = /^listening on (\S+)$/m.exec(stdout)![1]!;
    const options = { url: `${base}/v1/models/bench/predict`, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body };
    await autocannon({ ...options, connections: 20, duration: 3 });
    const before = await batchTotals(base);
    const r = await autocannon({ ...options, connections, duration });
    const after = await batchTotals(base);
    return {
      mode,
      requests: r.requests.total,
      requestsPerSecond: r.requests.average,
      rowsPerSecond: r.requests.average * rows,
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      errors: r.errors,
      non2xx: r.non2xx,
      timeouts: r.timeouts,
      requestsPerForward: (after.requests - before.requests) / Math.max(1, after.batches - before.batches),
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function batchTotals(base: string): Promise<{ requests: number; batches: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const read = (name: string): number => Number(new RegExp(`^${name}\\{model="bench"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { requests: read('sprout_batch_requests_sum'), batches: read('sprout_batch_requests_count') };
}

const work = mkdtempSync(join(tmpdir(), 'sprout-bench-serve-'));
try {
  const { model, body, rows } = workload(work);
  const machine = describeMachine();
  const runs = [await serveAndLoad('micro-batching (max 64, 2 ms)', model, body, rows, [])];
  if (!values['no-compare']) runs.push(await serveAndLoad('no batching (max 1)', model, body, rows, ['--max-batch', '1']));
  machine.loadAverageEnd = currentLoad();
  console.log(`\nsprout serve under autocannon: ${connections} connections, ${duration} s, ${rows} row(s) per request, loopback`);
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}; load average ${machine.loadAverageStart.join(' / ')} at start, ${machine.loadAverageEnd.join(' / ')} at end; ${machine.date}\n`);
  console.log('| mode | requests | req/s | rows/s | p50 ms | p90 ms | p99 ms | errors | non-2xx | timeouts | requests per forward pass |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of runs) {
    console.log(`| ${r.mode} | ${r.requests} | ${r.requestsPerSecond.toFixed(0)} | ${r.rowsPerSecond.toFixed(0)} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.timeouts} | ${r.requestsPerForward.toFixed(1)} |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
