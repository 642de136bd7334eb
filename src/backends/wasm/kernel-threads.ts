/**
 * The wasm backend's view of helper threads, kept portable: the backend never creates a thread
 * itself (that needs `node:worker_threads` or a browser Worker). A host installed from a
 * platform layer (src/node/worker-thread-pool.ts in Node) starts them; the backend only asks for
 * them when a kernel is large enough to split (wasm-backend.ts) and coordinates them through
 * atomics in the shared memory (kernels/thread-jobs.ts).
 */

/** Running helper threads of one backend. */
export interface KernelThreads {
  /** Number of helper threads (the calling thread works too, so a job has size + 1 participants). */
  readonly size: number;
  /**
   * Lets the threads go. Called after the kernels' `stopThreads` told the helpers to return from
   * their loop; a host may also terminate them. Never called while a job runs.
   */
  close(): void;
}

/** Starts helper threads for a backend. */
export interface KernelThreadHost {
  /**
   * Starts `helpers` threads; helper i (1 … helpers) instantiates `module` over `memory` (shared)
   * and calls its export `threadLoop(control, i)`, which returns when the backend stops them.
   * Must not block: a helper that is not running yet simply takes no work.
   */
  start(module: WebAssembly.Module, memory: WebAssembly.Memory, control: number, helpers: number): KernelThreads;
}

let host: KernelThreadHost | null = null;
let requested = 1;

/**
 * Installs the host that starts helper threads, and how many threads kernels may use in all
 * (the calling thread included; 1 = no helpers). Backends pick the change up at their next
 * large kernel. `null` removes the host (no threads).
 */
export function setKernelThreadHost(next: KernelThreadHost | null, threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(`setKernelThreadHost: threads must be an integer ≥ 1, got ${threads}`);
  }
  host = next;
  requested = next === null ? 1 : threads;
}

/** The installed host, or null. */
export function kernelThreadHost(): KernelThreadHost | null {
  return host;
}

/** Threads kernels may use in all (the calling thread included). */
export function requestedKernelThreads(): number {
  return requested;
}
