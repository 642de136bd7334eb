/**
 * The wasm backend's helper threads (kernels/thread-jobs.ts on the Node worker pool): a split sgemm
 * gives exactly the single-thread result, the pool never keeps a process alive, SPROUT_THREADS=1
 * and setThreads(1) turn it off.
 *
 * Why bitwise: every element of C is summed by the same micro-kernel in the same order whichever
 * thread computes its block (kernels/matmul.ts), so splitting C by rows or columns changes no bit.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import type { StridedView } from '../../src/backends/contract.js';
import { setKernelThreadHost } from '../../src/backends/wasm/kernel-threads.js';
import { WasmBackend } from '../../src/backends/wasm/wasm-backend.js';
import { wasmFeatures } from '../../src/backends/wasm/wasm-kernels.js';
import { defaultThreads, getThreads, installKernelThreads, setThreads } from '../../src/node/kernel-threads.js';
import { WorkerThreadHost } from '../../src/node/worker-thread-pool.js';
import { randomFloat32 } from '../backends/random-values.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** C = A·B on `backend`, A [m×k] and B [k×n] stored transposed or not. */
function product(backend: WasmBackend, m: number, k: number, n: number, aT: boolean, bT: boolean): Float32Array {
  const a: StridedView = { buffer: backend.upload('float32', randomFloat32(m * k, m + 7 * k)), shape: [m, k], strides: aT ? [1, m] : [k, 1], offset: 0 };
  const b: StridedView = { buffer: backend.upload('float32', randomFloat32(k * n, k + 5 * n)), shape: [k, n], strides: bT ? [1, k] : [n, 1], offset: 0 };
  const c = backend.matmul(a, b, 'float32');
  const out = backend.readSync(c) as Float32Array;
  for (const buffer of [a.buffer, b.buffer, c]) backend.release(buffer);
  return out;
}

function assertBitwiseEqual(actual: Float32Array, expected: Float32Array, context: string): void {
  assert.equal(actual.length, expected.length, `${context}: length`);
  const got = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const want = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < want.length; i++) {
    if (got[i] !== want[i]) assert.fail(`${context}: element ${i} is ${actual[i]}, single-thread gives ${expected[i]}`);
  }
}

describe('split sgemm on worker threads', () => {
  // The build this engine loads (relaxed SIMD under Node 22 or the Node 20 flag).
  const variant = { relaxedSimd: wasmFeatures().relaxedSimd, sharedMemory: true };
  const single = new WasmBackend({ variant, parallelMinWork: Infinity });
  // Every product split, into one chunk per thread and into three (rows when m ≥ n, else columns).
  const splitBackends = [1, 3].map((chunksPerThread) => new WasmBackend({ variant, parallelMinWork: 0, chunksPerThread }));
  setKernelThreadHost(new WorkerThreadHost(), 3);
  after(() => {
    for (const backend of splitBackends) backend.stopThreads();
    setKernelThreadHost(null, 1);
  });

  it('equals the single-thread result bit for bit over odd shapes and all transposes', async () => {
    // Start the helpers and give them work until they take part (they start asynchronously).
    for (const backend of splitBackends) {
      for (let i = 0; i < 200 && backend.threadStats().chunksByHelpers === 0; i++) {
        product(backend, 96, 64, 80, false, false);
        await sleep(5);
      }
      assert.equal(backend.threadStats().helperThreads, 2);
      assert.ok(backend.threadStats().chunksByHelpers > 0, 'the helper threads never took a chunk');
    }
    const helped = splitBackends.map((backend) => backend.threadStats().chunksByHelpers);
    const shapes: readonly (readonly [number, number, number])[] = [
      [1, 1, 1], [5, 3, 7], [13, 17, 9], [37, 61, 29], [67, 5, 130], [130, 33, 67], [4, 300, 3], [97, 260, 41], [7, 0, 5],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [m, k, n] of shapes) {
        for (const aT of [false, true]) {
          for (const bT of [false, true]) {
            const expected = product(single, m, k, n, aT, bT);
            splitBackends.forEach((backend, i) => {
              const context = `${m}×${k}·${k}×${n} aT=${aT} bT=${bT}, ${[1, 3][i]} chunk(s) per thread`;
              assertBitwiseEqual(product(backend, m, k, n, aT, bT), expected, context);
            });
          }
        }
      }
    }
    // The comparisons above ran with the helpers taking part, not the calling thread alone.
    splitBackends.forEach((backend, i) => assert.ok(backend.threadStats().chunksByHelpers > helped[i]!, 'no chunk was computed by a helper'));
  });

  it('keeps working after the memory grows (helpers see the new pages)', async () => {
    const backend = splitBackends[0]!;
    const before = backend.memoryStats().memoryBytes;
    // A larger than the whole memory so far: it can only lie past the old end, which the helpers'
    // instances must see (split by rows, each helper reads its rows of A there).
    const [k, n] = [512, 8];
    const m = Math.ceil(before / 4 / k) + 3;
    const helped = backend.threadStats().chunksByHelpers;
    const expected = product(single, m, k, n, false, false);
    for (let i = 0; i < 50 && backend.threadStats().chunksByHelpers === helped; i++) {
      assertBitwiseEqual(product(backend, m, k, n, false, false), expected, 'after growth');
      await sleep(5);
    }
    assert.ok(backend.memoryStats().memoryBytes > before, 'the memory should have grown');
    assert.ok(backend.threadStats().chunksByHelpers > helped, 'no helper took a chunk after the growth');
  });

  it('handles offsets and negative strides', () => {
    const backend = splitBackends[1]!;
    const data = randomFloat32(2 * 40 * 50, 9);
    // A: [40, 50] read backwards along both axes from the end of the buffer; B: a transposed slice.
    const run = (on: WasmBackend): Float32Array => {
      const buffer = on.upload('float32', data);
      const a: StridedView = { buffer, shape: [40, 50], strides: [-50, -1], offset: 40 * 50 - 1 };
      const b: StridedView = { buffer, shape: [50, 36], strides: [1, 50], offset: 40 * 50 + 3 };
      return on.readSync(on.matmul(a, b, 'float32')) as Float32Array;
    };
    assertBitwiseEqual(run(backend), run(single), 'negative strides');
  });

  it('splits a batched product batch by batch', () => {
    const backend = splitBackends[0]!;
    const a = randomFloat32(3 * 20 * 30, 1);
    const b = randomFloat32(3 * 30 * 50, 2);
    const run = (on: WasmBackend): Float32Array => {
      const av: StridedView = { buffer: on.upload('float32', a), shape: [3, 20, 30], strides: [600, 30, 1], offset: 0 };
      const bv: StridedView = { buffer: on.upload('float32', b), shape: [3, 30, 50], strides: [1500, 50, 1], offset: 0 };
      return on.readSync(on.matmul(av, bv, 'float32')) as Float32Array;
    };
    assertBitwiseEqual(run(backend), run(single), 'batched');
  });

  it('stops and restarts its helpers when the thread count changes', () => {
    const backend = new WasmBackend({ variant, parallelMinWork: 0 });
    product(backend, 16, 16, 16, false, false);
    assert.equal(backend.threadStats().helperThreads, 2);
    setKernelThreadHost(new WorkerThreadHost(), 2);
    const expected = product(single, 40, 30, 20, false, true);
    assertBitwiseEqual(product(backend, 40, 30, 20, false, true), expected, 'after the change');
    assert.equal(backend.threadStats().helperThreads, 1);
    setKernelThreadHost(null, 1);
    assertBitwiseEqual(product(backend, 40, 30, 20, false, true), expected, 'without a host');
    assert.equal(backend.threadStats().helperThreads, 0);
    setKernelThreadHost(new WorkerThreadHost(), 3);
  });
});

describe('a host that cannot start threads', () => {
  after(() => setKernelThreadHost(null, 1));

  it('leaves products on the calling thread and is not asked again', () => {
    let starts = 0;
    setKernelThreadHost({ start: () => { starts++; throw new Error('threads are not allowed here'); } }, 2);
    const backend = new WasmBackend({ parallelMinWork: 0 });
    const single = new WasmBackend({ parallelMinWork: Infinity });
    for (let i = 0; i < 3; i++) assertBitwiseEqual(product(backend, 30, 20, 10, false, false), product(single, 30, 20, 10, false, false), 'no threads');
    assert.equal(starts, 1);
    assert.equal(backend.threadStats().helperThreads, 0);
  });
});

describe('setThreads and SPROUT_THREADS', () => {
  after(() => setThreads(1));

  it('validates the count', () => {
    assert.throws(() => setThreads(0), /setThreads: n must be an integer ≥ 1, got 0/);
    assert.throws(() => setThreads(1.5), /got 1.5/);
  });

  it('reads SPROUT_THREADS, 1 turning threads off', () => {
    installKernelThreads({ SPROUT_THREADS: '3' });
    assert.equal(getThreads(), 3);
    installKernelThreads({ SPROUT_THREADS: '1' });
    assert.equal(getThreads(), 1);
    const backend = new WasmBackend({ parallelMinWork: 0 });
    product(backend, 64, 64, 64, false, false);
    assert.equal(backend.threadStats().helperThreads, 0);
  });

  it('warns about a bad SPROUT_THREADS and uses the default', async () => {
    const warned = new Promise<Error>((resolve) => process.once('warning', resolve));
    installKernelThreads({ SPROUT_THREADS: 'many' });
    assert.equal(getThreads(), defaultThreads());
    assert.match((await warned).message, /SPROUT_THREADS must be an integer ≥ 1, got 'many'/);
  });
});

/** Runs a Node child with the Node package entry imported: prints the backend's thread stats. */
function runChild(env: Record<string, string>): { status: number | null; signal: string | null; stdout: string; stderr: string } {
  const script = `
    import { getBackend, matmul, randn } from './src/node/package-entry.ts';
    const a = randn([256, 256]);
    const b = randn([256, 256]);
    for (let i = 0; i < 20; i++) matmul(a, b).dataSync();
    console.log(JSON.stringify({ name: getBackend().name, ...getBackend().threadStats() }));
  `;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, SPROUT_BACKEND: 'wasm', ...env },
    encoding: 'utf8',
    // A guard against a hang (the pool keeping the process alive), not a speed limit.
    timeout: 120_000,
  });
  return { status: child.status, signal: child.signal, stdout: child.stdout, stderr: child.stderr };
}

describe('the Node package entry', () => {
  it('starts helper threads by default, and the process still exits on its own', () => {
    const child = runChild({ SPROUT_THREADS: '2' });
    assert.equal(child.signal, null, `the child did not exit by itself: ${child.stderr}`);
    assert.equal(child.status, 0, child.stderr);
    const stats = JSON.parse(child.stdout.trim()) as { name: string; helperThreads: number };
    assert.equal(stats.name, 'wasm');
    assert.equal(stats.helperThreads, 1);
  });

  it('starts none with SPROUT_THREADS=1', () => {
    const child = runChild({ SPROUT_THREADS: '1' });
    assert.equal(child.status, 0, child.stderr);
    assert.equal((JSON.parse(child.stdout.trim()) as { helperThreads: number }).helperThreads, 0);
  });
});
