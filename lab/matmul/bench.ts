/**
 * Kernel lab for matmul: compiles every numbered version (v*.ts, AssemblyScript), checks each one
 * against the JS backend's matmul (the spec) on all transpose variants, and times it over a sweep
 * of shapes. Prints a Markdown table of GFLOP/s (best of several timed batches, single thread: on a
 * shared machine the best batch is the one least disturbed by other processes).
 *
 *     npx tsx lab/matmul/bench.ts                 # all versions that this engine can run
 *     node --experimental-wasm-relaxed-simd --import tsx lab/matmul/bench.ts   # adds v6 on Node 20
 *     npx tsx lab/matmul/bench.ts --quick         # fewer repeats
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import asc from 'assemblyscript/asc';

import { JsBackend } from '../../src/backends/js/js-backend.js';
import type { StridedView } from '../../src/backends/contract.js';

const HERE = new URL('./', import.meta.url);
const quick = process.argv.includes('--quick');

interface Version {
  readonly name: string;
  readonly sgemm: (...args: number[]) => void;
  readonly memory: WebAssembly.Memory;
  readonly scratch: number;
}

/** [M, K, N, label] */
const SHAPES: readonly (readonly [number, number, number, string])[] = [
  [128, 784, 256, 'MLP fwd 128×784·784×256'],
  [512, 512, 512, '512³'],
  [1024, 1024, 1024, '1024³'],
  [784, 128, 256, 'MLP dW1 = Xᵀ·dY (784×128·128×256)'],
  [128, 256, 784, 'MLP dX = dY·Wᵀ (128×256·256×784)'],
  [128, 256, 128, 'MLP fwd layer 2 (128×256·256×128)'],
];

async function compile(file: string): Promise<Uint8Array<ArrayBuffer>> {
  let binary: Uint8Array | null = null;
  const errors: string[] = [];
  const flags = [file, '--outFile', 'out.wasm', '-O3', '--noAssert', '--enable', 'simd', '--runtime', 'stub',
    '--importMemory', '--use', 'abort='];
  if (file.includes('relaxed')) flags.push('--enable', 'relaxed-simd');
  const result = await asc.main(flags, {
    readFile: async (name: string) => readFile(new URL(name, HERE), 'utf8').catch(() => null),
    writeFile: (name: string, contents: Uint8Array | string) => {
      if (name.endsWith('.wasm') && typeof contents !== 'string') binary = contents;
    },
    listFiles: () => [],
    stdout: { write: (t: string) => (errors.push(t), true) } as never,
    stderr: { write: (t: string) => (errors.push(t), true) } as never,
  });
  if (result.error !== null || binary === null) throw new Error(`${file}: ${errors.join('')}`);
  return new Uint8Array(binary as Uint8Array);
}

async function load(file: string): Promise<Version | string> {
  const bytes = await compile(file);
  if (!WebAssembly.validate(bytes)) return 'not supported by this engine (needs relaxed SIMD)';
  const memory = new WebAssembly.Memory({ initial: 1024 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  const exports = instance.exports as unknown as { sgemm: (...args: number[]) => void; sgemmScratchBytes: () => number };
  // Layout: [scratch][A][B][C], all 64-byte aligned, far above the static data.
  return { name: file.replace(/\.ts$/, ''), sgemm: exports.sgemm, memory, scratch: 1 << 20 };
}

function randomArray(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

/** Runs a version on A (m×k) and B (k×n) stored row-major, or transposed (stored k×m / n×k). */
function run(v: Version, m: number, k: number, n: number, aT: boolean, bT: boolean, a: Float32Array, b: Float32Array): Float32Array {
  const base = v.scratch + (16 << 20);
  const bPtr = base + a.length * 4 + 64;
  const cPtr = bPtr + b.length * 4 + 64;
  new Float32Array(v.memory.buffer, base, a.length).set(a);
  new Float32Array(v.memory.buffer, bPtr, b.length).set(b);
  v.sgemm(m, n, k, base, aT ? 1 : k, aT ? m : 1, bPtr, bT ? 1 : n, bT ? k : 1, cPtr, v.scratch);
  return new Float32Array(v.memory.buffer, cPtr, m * n);
}

function reference(m: number, k: number, n: number, aT: boolean, bT: boolean, a: Float32Array, b: Float32Array): Float32Array {
  const js = new JsBackend();
  const av: StridedView = { buffer: js.upload('float32', a), shape: [m, k], strides: aT ? [1, m] : [k, 1], offset: 0 };
  const bv: StridedView = { buffer: js.upload('float32', b), shape: [k, n], strides: bT ? [1, k] : [n, 1], offset: 0 };
  return js.readSync(js.matmul(av, bv, 'float32')) as Float32Array;
}

function check(v: Version): string {
  for (const [m, k, n] of [[1, 1, 1], [5, 3, 7], [37, 300, 29], [130, 513, 67], [64, 64, 64]] as const) {
    for (const aT of [false, true]) {
      for (const bT of [false, true]) {
        const a = randomArray(m * k, 1);
        const b = randomArray(k * n, 2);
        const want = reference(m, k, n, aT, bT, a, b);
        const got = run(v, m, k, n, aT, bT, a, b);
        for (let i = 0; i < want.length; i++) {
          if (Math.abs(got[i]! - want[i]!) > 1e-5 + 1e-4 * Math.abs(want[i]!)) {
            return `MISMATCH at ${m}×${k}×${n} aT=${aT} bT=${bT} [${i}]: ${got[i]} vs ${want[i]}`;
          }
        }
      }
    }
  }
  return 'ok';
}

/** Seconds of one call, best of `batches` batches (each ~`budgetMs` long). */
function timeBatch(v: Version, m: number, k: number, n: number, aT: boolean, bT: boolean, a: Float32Array, b: Float32Array, budgetMs: number): number {
  const t0 = performance.now();
  run(v, m, k, n, aT, bT, a, b);
  const once = Math.max(performance.now() - t0, 0.01);
  const reps = Math.max(1, Math.min(200, Math.round(budgetMs / once)));
  const start = performance.now();
  for (let r = 0; r < reps; r++) run(v, m, k, n, aT, bT, a, b);
  return (performance.now() - start) / reps / 1000;
}

const files = (await readdir(fileURLToPath(HERE))).filter((f) => /^v\d+-.*\.ts$/.test(f)).sort((x, y) => parseInt(x.slice(1)) - parseInt(y.slice(1)));
// Compile, check and warm up every version first.
const versions: Version[] = [];
const skipped: string[] = [];
const status = new Map<string, string>();
for (const file of files) {
  const v = await load(file);
  if (typeof v === 'string') {
    skipped.push(`| ${file.replace(/\.ts$/, '')} | ${v} |`);
    continue;
  }
  status.set(v.name, check(v));
  // Warm up so V8 has tiered every function up from Liftoff to TurboFan before timing.
  const warm = randomArray(256 * 256, 5);
  for (let i = 0; i < (file.startsWith('v1-') ? 2 : 30); i++) run(v, 256, 256, 256, i % 2 === 1, i % 3 === 1, warm, warm);
  versions.push(v);
}

// Rounds interleave the versions shape by shape, so that load from other processes on a shared
// machine falls on all of them alike; each cell is the best round.
const rounds = quick ? 3 : 7;
const best = new Map<string, number[]>(versions.map((v) => [v.name, SHAPES.map(() => Infinity)]));
SHAPES.forEach(([m, k, n, label], s) => {
  // The backward shapes are timed with the operand layouts backward really passes.
  const aT = label.includes('Xᵀ');
  const bT = label.includes('Wᵀ');
  const a = randomArray(m * k, 3);
  const b = randomArray(k * n, 4);
  for (let round = 0; round < rounds; round++) {
    for (const v of versions) {
      if (v.name.startsWith('v1-') && (m * n * k > 1e8 || round > 0)) continue;
      const seconds = timeBatch(v, m, k, n, aT, bT, a, b, quick ? 60 : 150);
      const cells = best.get(v.name)!;
      cells[s] = Math.min(cells[s]!, seconds);
    }
  }
});

const header = ['version', 'check', ...SHAPES.map((s) => s[3])];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const v of versions) {
  const cells = best.get(v.name)!.map((sec, s) => {
    const [m, k, n] = SHAPES[s]!;
    return Number.isFinite(sec) ? ((2 * m * n * k) / sec / 1e9).toFixed(1) : '—';
  });
  console.log(`| ${v.name} | ${status.get(v.name)} | ${cells.join(' | ')} |`);
}
for (const line of skipped) console.log(line);
