/**
 * Kernel lab, threads: the wasm backend's sgemm on one thread against the same call split across
 * helper threads (kernels/thread-jobs.ts, Node worker pool), over a sweep of sizes, to find where
 * splitting starts to pay (the backend's PARALLEL_SGEMM_MIN_WORK) and how many chunks per thread
 * to cut. Rounds interleave the settings; each cell keeps the best round (the machine is shared).
 *
 * Besides wall time it reports process CPU time per call (all threads together): on a loaded
 * machine the wall time of a split call includes waiting for a descheduled helper, while the CPU
 * time shows what the split costs in work (packing the shared operand once per chunk, waking).
 *
 *     npx tsx lab/matmul/threads.ts [--threads 2] [--rounds 5]
 *     node --experimental-wasm-relaxed-simd --import tsx lab/matmul/threads.ts   # relaxed build on Node 20
 */
import { cpuUsage } from 'node:process';

import type { StridedView } from '../../src/backends/contract.js';
import { WasmBackend } from '../../src/backends/wasm/wasm-backend.js';
import { setThreads } from '../../src/node/kernel-threads.js';

const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
};
const THREADS = argument('--threads', 2);
const ROUNDS = argument('--rounds', 5);

/** [M, K, N, label] */
const SHAPES: readonly (readonly [number, number, number, string])[] = [
  [32, 32, 32, '32³'],
  [64, 64, 64, '64³'],
  [96, 96, 96, '96³'],
  [128, 128, 128, '128³'],
  [192, 192, 192, '192³'],
  [256, 256, 256, '256³'],
  [128, 256, 128, 'MLP layer 2 (128×256·256×128)'],
  [128, 784, 256, 'MLP fwd (128×784·784×256)'],
  [784, 128, 256, 'MLP dW1 (784×128·128×256)'],
  [128, 256, 784, 'MLP dX (128×256·256×784)'],
  [512, 512, 512, '512³'],
];

interface Setting {
  readonly label: string;
  readonly threads: number;
  readonly backend: WasmBackend;
}

const SETTINGS: Setting[] = [
  { label: '1 thread', threads: 1, backend: new WasmBackend() },
  { label: `${THREADS} threads, 1 chunk each`, threads: THREADS, backend: new WasmBackend({ parallelMinWork: 0, chunksPerThread: 1 }) },
  { label: `${THREADS} threads, 2 chunks each`, threads: THREADS, backend: new WasmBackend({ parallelMinWork: 0, chunksPerThread: 2 }) },
];

function random(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = seed;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

/** Seconds of wall and of process CPU per call, over enough calls to last ~50 ms. */
function time(setting: Setting, m: number, k: number, n: number): { wall: number; cpu: number } {
  const { backend } = setting;
  setThreads(setting.threads);
  const a = backend.upload('float32', random(m * k, 1));
  const b = backend.upload('float32', random(k * n, 2));
  const view = (buffer: StridedView['buffer'], rows: number, cols: number): StridedView => ({ buffer, shape: [rows, cols], strides: [cols, 1], offset: 0 });
  const call = (): void => backend.release(backend.matmul(view(a, m, k), view(b, k, n), 'float32'));
  call();
  const calls = Math.max(3, Math.ceil(5e7 / (m * n * k)));
  const cpu0 = cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) call();
  const wall = (performance.now() - t0) / 1000 / calls;
  const used = cpuUsage(cpu0);
  backend.release(a);
  backend.release(b);
  return { wall, cpu: (used.user + used.system) / 1e6 / calls };
}

// Start the helpers and let them come up before timing.
for (const setting of SETTINGS) time(setting, 256, 256, 256);
await new Promise((resolve) => setTimeout(resolve, 500));

const best = new Map<string, { wall: number; cpu: number }>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [m, k, n, label] of SHAPES) {
    for (const setting of SETTINGS) {
      const key = `${label}|${setting.label}`;
      const t = time(setting, m, k, n);
      const previous = best.get(key);
      best.set(key, { wall: Math.min(t.wall, previous?.wall ?? Infinity), cpu: Math.min(t.cpu, previous?.cpu ?? Infinity) });
    }
  }
}

console.log(`relaxed SIMD: ${SETTINGS[0]!.backend.variant.relaxedSimd}; best of ${ROUNDS} rounds; GFLOP/s by wall time (CPU ms per call, all threads)\n`);
console.log(`| shape | m·n·k | ${SETTINGS.map((s) => s.label).join(' | ')} |`);
console.log(`|---|---|${SETTINGS.map(() => '---').join('|')}|`);
for (const [m, k, n, label] of SHAPES) {
  const cells = SETTINGS.map((s) => {
    const t = best.get(`${label}|${s.label}`)!;
    return `${((2 * m * n * k) / t.wall / 1e9).toFixed(1)} (${(t.cpu * 1000).toFixed(2)})`;
  });
  console.log(`| ${label} | ${(m * n * k).toExponential(1)} | ${cells.join(' | ')} |`);
}
