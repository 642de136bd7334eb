/**
 * Splitting one sgemm across threads that share the memory (AssemblyScript, built with the
 * `threads` feature: wasm atomics, wait and notify). The calling thread publishes a job in a
 * control block and works on it too; helper threads (each its own instance of this module over
 * the same memory, started by the host: src/node/worker-thread-pool.ts) sleep in {@link threadLoop}
 * until a job is published, then take chunks until none is left.
 *
 * Shape legend: a job is C[M×N] = A[M×K] · B[K×N] (kernels/matmul.ts) cut into `chunks` blocks of
 * C: blocks of MR-multiple rows when M ≥ N, of NR-multiple columns otherwise. Participant p (the
 * caller is 0, helper i is i) packs its panels in its own scratch region, scratch + p · stride.
 *
 * Control block (i32 words at `ctl`, 64 bytes, allocated by the backend):
 *   CLAIM (i64 at 0): job number << 32 | chunks << 16 | next chunk. One compare-and-swap hands out
 *     one chunk, and a claim only succeeds while `next < chunks` of the job in the same word, so a
 *     helper holding a stale view can never take a chunk twice or take one of a finished job.
 *   DONE (8): chunks finished in the current job; the caller sleeps on it.
 *   WAKE (12): bumped once per job (and on stop); idle helpers sleep on it ("cheap when idle").
 *   STOP (16): 1 tells the helpers to return from threadLoop.
 *   Job parameters (20…72): written before CLAIM is published and read only after a successful claim,
 *     which orders them (wasm atomics are sequentially consistent); they cannot change while a
 *     claimed chunk is unfinished, because the caller publishes the next job only when DONE counts
 *     every chunk.
 *   HELPED (76): chunks computed by helpers since the block was made (tests and diagnostics).
 */

import { sgemm } from './matmul';

const CLAIM: usize = 0;
const DONE: usize = 8;
const WAKE: usize = 12;
const STOP: usize = 16;
const M: usize = 20;
const N: usize = 24;
const K: usize = 28;
const A: usize = 32;
const RSA: usize = 36;
const CSA: usize = 40;
const B: usize = 44;
const RSB: usize = 48;
const CSB: usize = 52;
const C: usize = 56;
const STEP: usize = 60;
const BY_ROWS: usize = 64;
const SCRATCH: usize = 68;
const SCRATCH_STRIDE: usize = 72;
const HELPED: usize = 76;

/** Bytes of the control block. */
export function threadControlBytes(): i32 {
  return 80;
}

/** Most chunks one job may have (the 16-bit field of CLAIM). */
const MAX_CHUNKS: i32 = 0xffff;

/**
 * C = A · B like {@link sgemm} (ldc = N), cut into `chunks` blocks of C that the caller and the
 * helper threads share; returns when every block is done. Helpers that are not running yet simply
 * take no chunk: the caller then does them all. `scratch` holds one {@link sgemmScratchBytes}
 * region per participant, `stride` bytes apart.
 */
export function sgemmShared(
  ctl: usize, chunks: i32,
  m: i32, n: i32, k: i32,
  a: usize, rsa: i32, csa: i32,
  b: usize, rsb: i32, csb: i32,
  c: usize,
  scratch: usize, stride: i32,
): void {
  const byRows = m >= n;
  const extent = byRows ? m : n;
  const unit = byRows ? 4 : 8;
  // Whole register tiles per chunk, so that no chunk but the last has an edge tile.
  let step = (extent + chunks - 1) / chunks;
  step = (step + unit - 1) / unit * unit;
  const count = min(MAX_CHUNKS, (extent + step - 1) / step);
  store<i32>(ctl + M, m); store<i32>(ctl + N, n); store<i32>(ctl + K, k);
  store<u32>(ctl + A, <u32>a); store<i32>(ctl + RSA, rsa); store<i32>(ctl + CSA, csa);
  store<u32>(ctl + B, <u32>b); store<i32>(ctl + RSB, rsb); store<i32>(ctl + CSB, csb);
  store<u32>(ctl + C, <u32>c); store<i32>(ctl + STEP, step); store<i32>(ctl + BY_ROWS, byRows ? 1 : 0);
  store<u32>(ctl + SCRATCH, <u32>scratch); store<i32>(ctl + SCRATCH_STRIDE, stride);
  atomic.store<i32>(ctl + DONE, 0);
  const job = (atomic.load<i64>(ctl + CLAIM) >>> 32) + 1;
  atomic.store<i64>(ctl + CLAIM, (job << 32) | (<i64>count << 16));
  atomic.add<i32>(ctl + WAKE, 1);
  atomic.notify(ctl + WAKE);
  work(ctl, 0);
  for (let done = atomic.load<i32>(ctl + DONE); done < count; done = atomic.load<i32>(ctl + DONE)) {
    memory.atomic.wait32(ctl + DONE, done, -1);
  }
}

/**
 * A helper thread's life: sleep until a job is published, take chunks until none is left, sleep
 * again; return once STOP is set. `participant` ≥ 1 picks the scratch region.
 */
export function threadLoop(ctl: usize, participant: i32): void {
  let seen = atomic.load<i32>(ctl + WAKE);
  while (atomic.load<i32>(ctl + STOP) === 0) {
    work(ctl, participant);
    memory.atomic.wait32(ctl + WAKE, seen, -1);
    seen = atomic.load<i32>(ctl + WAKE);
  }
}

/** Chunks computed by helper threads since the control block was made. */
export function chunksByHelpers(ctl: usize): i32 {
  return atomic.load<i32>(ctl + HELPED);
}

/** Asks the helpers to leave {@link threadLoop} (they finish the chunk they hold first). */
export function stopThreads(ctl: usize): void {
  atomic.store<i32>(ctl + STOP, 1);
  atomic.add<i32>(ctl + WAKE, 1);
  atomic.notify(ctl + WAKE);
}

/** Takes and computes chunks of the current job until none is left. */
function work(ctl: usize, participant: i32): void {
  for (;;) {
    const word = atomic.load<i64>(ctl + CLAIM);
    const count = <i32>((word >>> 16) & 0xffff);
    const next = <i32>(word & 0xffff);
    if (next >= count) return;
    if (atomic.cmpxchg<i64>(ctl + CLAIM, word, word + 1) !== word) continue;
    runChunk(ctl, next, participant);
    if (participant > 0) atomic.add<i32>(ctl + HELPED, 1);
    atomic.add<i32>(ctl + DONE, 1);
    atomic.notify(ctl + DONE);
  }
}

/** Computes block `chunk` of the published sgemm. */
function runChunk(ctl: usize, chunk: i32, participant: i32): void {
  const m = load<i32>(ctl + M);
  const n = load<i32>(ctl + N);
  const k = load<i32>(ctl + K);
  const rsa = load<i32>(ctl + RSA);
  const csa = load<i32>(ctl + CSA);
  const rsb = load<i32>(ctl + RSB);
  const csb = load<i32>(ctl + CSB);
  const first = chunk * load<i32>(ctl + STEP);
  const scratch = <usize>load<u32>(ctl + SCRATCH) + <usize>(participant * load<i32>(ctl + SCRATCH_STRIDE));
  const a = <usize>load<u32>(ctl + A);
  const b = <usize>load<u32>(ctl + B);
  const c = <usize>load<u32>(ctl + C);
  if (load<i32>(ctl + BY_ROWS) !== 0) {
    const rows = min(load<i32>(ctl + STEP), m - first);
    sgemm(rows, n, k, a + <usize>((first * rsa) << 2), rsa, csa, b, rsb, csb, c + <usize>((first * n) << 2), n, scratch);
  } else {
    const cols = min(load<i32>(ctl + STEP), n - first);
    sgemm(m, cols, k, a, rsa, csa, b + <usize>((first * csb) << 2), rsb, csb, c + <usize>(first << 2), n, scratch);
  }
}
