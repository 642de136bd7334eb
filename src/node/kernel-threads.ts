/**
 * How many threads the wasm backend's kernels use in Node, and the switch: `setThreads(n)`, the
 * `SPROUT_THREADS` environment variable (1 turns threads off), by default
 * {@link defaultThreads}. Importing `sprout` in Node (the package's `node` entry) or `sprout/node`
 * installs the worker pool (worker-thread-pool.ts); browsers and the portable entry get none.
 */
import { availableParallelism } from 'node:os';
import process from 'node:process';

import { setKernelThreadHost } from '../backends/wasm/kernel-threads.js';
import { ValueError } from '../core/errors.js';
import { WorkerThreadHost } from './worker-thread-pool.js';

/**
 * Two threads, or one on a one-core machine: issue 5 targets two, a second helper rarely pays on
 * the small matrices of training batches, and the machines Sprout runs on are often shared.
 */
export function defaultThreads(): number {
  return Math.min(2, availableParallelism());
}

let threads = 1;
/** One host for the process, so that setThreads with the same count restarts nothing. */
const HOST = new WorkerThreadHost();

/**
 * Sets how many threads (the calling one included) large matrix products may use on the wasm
 * backend; 1 turns the helper threads off. Takes effect at the next large product.
 *
 * @throws ValueError when `n` is not an integer ≥ 1.
 * @example
 * setThreads(1); // single-threaded, reproducible timings
 */
export function setThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`setThreads: n must be an integer ≥ 1, got ${n}`);
  threads = n;
  setKernelThreadHost(n > 1 ? HOST : null, n);
}

/** Threads large matrix products may use (the calling one included). */
export function getThreads(): number {
  return threads;
}

/**
 * Installs the worker pool with `SPROUT_THREADS` threads, or {@link defaultThreads} when unset.
 * Runs when `sprout` (Node entry) or `sprout/node` is imported, so it does not throw: a value that
 * is not an integer ≥ 1 gets a process warning and the default.
 */
export function installKernelThreads(env: Record<string, string | undefined> = process.env): void {
  const value = env['SPROUT_THREADS'];
  const n = value === undefined || value === '' ? defaultThreads() : Number(value);
  if (Number.isInteger(n) && n >= 1) {
    setThreads(n);
    return;
  }
  process.emitWarning(`SPROUT_THREADS must be an integer ≥ 1, got '${value}'; using ${defaultThreads()}`);
  setThreads(defaultThreads());
}
