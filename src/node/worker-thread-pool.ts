/**
 * The wasm backend's helper threads in Node: a {@link KernelThreadHost} on `worker_threads`.
 * Each worker instantiates the backend's compiled module over the backend's shared memory and runs
 * the kernels' `threadLoop`, which sleeps in a wasm atomic wait between jobs (no CPU, no event-loop
 * turns while idle) and takes chunks of each split sgemm (kernels/thread-jobs.ts).
 *
 * Workers are unref'd: they never keep the process alive, and Node ends them at exit.
 */
import { Worker } from 'node:worker_threads';

import type { KernelThreadHost, KernelThreads } from '../backends/wasm/kernel-threads.js';

/**
 * The worker's whole program, as source (CommonJS, run with `eval`): it needs no file on disk, so
 * it works the same from the TypeScript sources (tsx) and from the compiled package. It runs no
 * code it was sent: its inputs are a compiled module, a memory and two numbers.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, participant } = workerData;
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
kernels.threadLoop(control, participant);
`;

/** Starts helper threads as Node workers. */
export class WorkerThreadHost implements KernelThreadHost {
  start(module: WebAssembly.Module, memory: WebAssembly.Memory, control: number, helpers: number): KernelThreads {
    const workers: Worker[] = [];
    // If a later worker cannot be made, the backend stops the ones already started through the
    // control block (STOP), and they exit on their own.
    for (let participant = 1; participant <= helpers; participant++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, control, participant },
        // No --import hooks (tsx) to load: the worker runs only the source above.
        execArgv: [],
        stdout: false,
        stderr: false,
      });
      // A worker that failed to start takes no chunk, so the calling thread does its share: report
      // nothing (an unhandled 'error' event would crash the process).
      worker.on('error', () => undefined);
      worker.unref();
      workers.push(worker);
    }
    return {
      size: helpers,
      close: () => {
        // The kernels' stopThreads already made threadLoop return; terminate covers a worker
        // that is still starting.
        for (const worker of workers) void worker.terminate();
      },
    };
  }
}
