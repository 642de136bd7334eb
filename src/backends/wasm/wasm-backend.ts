/**
 * The wasm backend: the kernel contract on one WebAssembly.Memory, with SIMD kernels compiled from
 * kernels/*.ts (AssemblyScript) for the hot paths of training, and the JS reference kernels, run on
 * windows of the same memory, for everything else (see js-fallback.ts). The memory is shared where
 * the engine allows it, and large matrix products are then split across helper threads started by
 * an installed host (kernel-threads.ts); the relaxed-SIMD build is loaded where it validates.
 *
 * Shape legend: see each kernel file (kernels/*.ts, src/backends/js/*); this class routes calls,
 * owns the memory and the allocator, and decides per call whether a SIMD kernel applies:
 * - matmul: float32, any strides (the kernel packs).
 * - unary: float32, contiguous, neg/abs/sqrt/rsqrt/relu/floor/ceil/round.
 * - binary: float32 add/sub/mul/div/maximum/minimum and float32 comparisons (bool out), for
 *   operands walkable as rows (row-plan.ts): equal contiguous shapes, scalars, bias rows, per-row
 *   values.
 * - reduce: float32 sum of a contiguous array over its trailing or its leading axes.
 * - im2col / col2im: float32, contiguous input (kernels/windows.ts).
 * - copy / copyInto: contiguous same-dtype copies (memory moves), the bool → float32 cast, and
 *   strided float32/int32 copies of up to 3 (collapsed) dims, transposes included.
 * Results match the JS backend within float32 rounding (conformance tolerances); see
 * docs/wasm-backend.md.
 */

import type {
  AdamUpdateHyper,
  ArgReduceOp,
  BackendBuffer,
  BinaryOp,
  DataArray,
  DType,
  KernelBackend,
  RandomDistribution,
  RandomStream,
  ReduceOp,
  StridedView,
  UnaryOp,
  WindowGeometry2d,
} from '../contract.js';
import { JsBackend } from '../js/js-backend.js';
import { dataOf } from '../js/js-buffer.js';
import { isContiguous, sizeOf, stridedOffsets } from '../js/strided.js';
import { JsWindows, memoryView } from './js-fallback.js';
import { BINARY_CODES, COMPARE_CODES, UNARY_CODES } from './op-codes.js';
import { planRows, type RowPlan } from './row-plan.js';
import { WasmAllocator } from './wasm-allocator.js';
import { BYTES_PER_ELEMENT, WasmBuffer } from './wasm-buffer.js';
import { kernelThreadHost, requestedKernelThreads, type KernelThreadHost, type KernelThreads } from './kernel-threads.js';
import {
  compileKernels,
  createKernelMemory,
  instantiateKernels,
  wasmFeatures,
  type KernelExports,
  type KernelVariant,
} from './wasm-kernels.js';

/** What the backend's memory holds right now (for memory tests and diagnostics). */
export interface WasmMemoryStats {
  /** Bytes in live buffers and scratch (allocated, not freed). */
  readonly bytesInUse: number;
  /** Size of the WebAssembly.Memory. */
  readonly memoryBytes: number;
  /** Free blocks in the allocator's list (fragmentation). */
  readonly freeBlocks: number;
}

/**
 * Smallest sgemm (m·n·k multiply-adds) split across threads: below it, waking the helpers and
 * packing the shared operand once per chunk cost more than they save. Measured with
 * lab/matmul/threads.ts (docs/wasm-backend.md, "Threads").
 */
export const PARALLEL_SGEMM_MIN_WORK = 1 << 20;
/**
 * Chunks per participant of a split sgemm. More would let the others cover a thread that runs
 * late, but each chunk packs the shared operand again: 2 cost up to 20 % more CPU in the lab and
 * were not faster.
 */
export const SGEMM_CHUNKS_PER_THREAD = 1;

/** Helper threads of one backend and what they use in its memory. */
interface ThreadPool {
  readonly host: KernelThreadHost;
  readonly threads: KernelThreads;
  /** The control block of kernels/thread-jobs.ts. */
  readonly control: number;
  /** One sgemm scratch region per participant (the calling thread's first). */
  readonly scratch: number;
  readonly scratchBytes: number;
}

/** Options of {@link WasmBackend}; the defaults come from feature detection. */
export interface WasmBackendOptions {
  /** Which kernel build to load and whether the memory is shared (threads possible). */
  readonly variant?: KernelVariant;
  /** Smallest m·n·k split across threads (default {@link PARALLEL_SGEMM_MIN_WORK}; tests and the lab lower it). */
  readonly parallelMinWork?: number;
  /** Chunks per participant of a split sgemm (default {@link SGEMM_CHUNKS_PER_THREAD}). */
  readonly chunksPerThread?: number;
}

/**
 * {@link KernelBackend} on WebAssembly SIMD.
 *
 * @example
 * const wasm = new WasmBackend();
 * const x = wasm.upload('float32', new Float32Array([1, 4, 9]));
 * const y = wasm.unary('sqrt', { buffer: x, shape: [3], strides: [1], offset: 0 }, 'float32');
 * wasm.readSync(y); // Float32Array [1, 2, 3]
 */
export class WasmBackend implements KernelBackend {
  readonly name = 'wasm';
  /** The kernel build in use (relaxed SIMD or plain) and whether the memory is shared. */
  readonly variant: KernelVariant;
  private readonly module: WebAssembly.Module;
  private readonly memory: WebAssembly.Memory;
  private readonly kernels: KernelExports;
  private readonly heap: WasmAllocator;
  private readonly js = new JsBackend();
  /** Packing panels of sgemm, reserved once. */
  private readonly sgemmScratch: number;
  /** Helper threads, started at the first sgemm large enough to split. */
  private pool: ThreadPool | null = null;
  /** A host whose start threw: not asked again. */
  private failedHost: KernelThreadHost | null = null;
  private readonly parallelMinWork: number;
  private readonly chunksPerThread: number;

  constructor(options: WasmBackendOptions = {}) {
    const features = wasmFeatures();
    this.variant = options.variant ?? { relaxedSimd: features.relaxedSimd, sharedMemory: features.sharedMemory };
    this.module = compileKernels(this.variant);
    this.memory = createKernelMemory(this.variant, 64);
    this.kernels = instantiateKernels(this.module, this.memory);
    this.heap = new WasmAllocator(this.memory, this.kernels.heapBase());
    this.sgemmScratch = this.heap.allocate(this.kernels.sgemmScratchBytes());
    this.parallelMinWork = options.parallelMinWork ?? PARALLEL_SGEMM_MIN_WORK;
    this.chunksPerThread = options.chunksPerThread ?? SGEMM_CHUNKS_PER_THREAD;
  }

  /**
   * Helper threads running now (0 before the first large sgemm, with no thread host, or with one
   * thread requested) and the chunks of split sgemms they computed (the calling thread does the
   * rest). For tests and diagnostics.
   */
  threadStats(): { readonly helperThreads: number; readonly chunksByHelpers: number } {
    const pool = this.pool;
    return pool === null
      ? { helperThreads: 0, chunksByHelpers: 0 }
      : { helperThreads: pool.threads.size, chunksByHelpers: this.kernels.chunksByHelpers(pool.control) };
  }

  /** Bytes in use and the size of the memory. */
  memoryStats(): WasmMemoryStats {
    return { bytesInUse: this.heap.bytesInUse, memoryBytes: this.heap.memoryBytes, freeBlocks: this.heap.freeBlocks };
  }

  // ── memory ──────────────────────────────────────────────────────────────────────────────────

  allocate(dtype: DType, size: number): BackendBuffer {
    const buffer = this.reserve(dtype, size);
    if (buffer.bytes > 0) new Uint8Array(this.memory.buffer, buffer.ptr, buffer.bytes).fill(0);
    return buffer;
  }

  upload(dtype: DType, data: DataArray): BackendBuffer {
    const buffer = this.reserve(dtype, data.length);
    const view = this.viewOf(buffer);
    if (dtype === 'bool') for (let i = 0; i < data.length; i++) view[i] = data[i] !== 0 ? 1 : 0;
    else view.set(data);
    return buffer;
  }

  fill(dtype: DType, size: number, value: number): BackendBuffer {
    const buffer = this.reserve(dtype, size);
    this.viewOf(buffer).fill(dtype === 'bool' ? (value !== 0 ? 1 : 0) : value);
    return buffer;
  }

  readSync(buffer: BackendBuffer): DataArray {
    // A copy: a window onto the memory would change when the block is reused and be detached
    // when the memory grows.
    return this.viewOf(asWasm(buffer)).slice();
  }

  read(buffer: BackendBuffer): Promise<DataArray> {
    return Promise.resolve(this.readSync(buffer));
  }

  release(buffer: BackendBuffer): void {
    const b = asWasm(buffer);
    if (b.released) return;
    b.released = true;
    if (b.bytes > 0) this.heap.free(b.ptr, b.bytes);
  }

  // ── movement ────────────────────────────────────────────────────────────────────────────────

  copy(x: StridedView, dtype: DType): BackendBuffer {
    const from = asWasm(x.buffer);
    if (isContiguous(x)) {
      const n = sizeOf(x.shape);
      if (from.dtype === dtype) {
        const out = this.reserve(dtype, n);
        const bytes = BYTES_PER_ELEMENT[dtype];
        this.bytes().copyWithin(out.ptr, from.ptr + x.offset * bytes, from.ptr + (x.offset + n) * bytes);
        return out;
      }
      if (from.dtype === 'bool' && dtype === 'float32') {
        const out = this.reserve(dtype, n);
        this.kernels.boolToF32(from.ptr + x.offset, out.ptr, n);
        return out;
      }
    }
    if (from.dtype === dtype && (dtype === 'float32' || dtype === 'int32')) {
      const layout = collapse(x.shape, x.strides);
      // Pad to [..outer, rows, cols]; the kernel does one 2-D slice at a time, the leading
      // dimensions (the batch and heads of an attention transpose) are looped here.
      while (layout.length < 2) layout.unshift([1, 0]);
      const [[rows, rs], [cols, cs]] = layout.slice(-2) as [Dim, Dim];
      const outer = layout.slice(0, -2);
      const starts = stridedOffsets(outer.map(([n]) => n), outer.map(([, stride]) => stride), x.offset);
      const out = this.reserve(dtype, starts.length * rows * cols);
      for (let o = 0; o < starts.length; o++) {
        this.kernels.copyStrided32(from.ptr + 4 * starts[o]!, out.ptr + 4 * o * rows * cols, rows, cols, rs, cs);
      }
      return out;
    }
    return this.fallback((w) => this.js.copy(w.view(x), dtype));
  }

  copyInto(dst: StridedView, src: StridedView): void {
    const to = asWasm(dst.buffer);
    const from = asWasm(src.buffer);
    if (to !== from && to.dtype === from.dtype && isContiguous(dst) && isContiguous(src)) {
      const bytes = BYTES_PER_ELEMENT[to.dtype];
      const n = sizeOf(dst.shape);
      this.bytes().copyWithin(to.ptr + dst.offset * bytes, from.ptr + src.offset * bytes, from.ptr + (src.offset + n) * bytes);
      return;
    }
    const windows = new JsWindows(this.memory);
    this.js.copyInto(windows.view(dst), windows.view(src));
  }

  // ── elementwise ─────────────────────────────────────────────────────────────────────────────

  unary(op: UnaryOp, x: StridedView, dtype: DType): BackendBuffer {
    const code = UNARY_CODES.get(op);
    if (code !== undefined && dtype === 'float32' && x.buffer.dtype === 'float32' && isContiguous(x)) {
      const n = sizeOf(x.shape);
      const out = this.reserve(dtype, n);
      if (n > 0) this.kernels.unaryF32(code, asWasm(x.buffer).ptr + 4 * x.offset, out.ptr, n);
      return out;
    }
    return this.fallback((w) => this.js.unary(op, w.view(x), dtype));
  }

  binary(op: BinaryOp, a: StridedView, b: StridedView, dtype: DType): BackendBuffer {
    const arithmetic = dtype === 'float32' ? BINARY_CODES.get(op) : undefined;
    const compare = dtype === 'bool' ? COMPARE_CODES.get(op) : undefined;
    const code = arithmetic ?? compare;
    const peel = code !== undefined && a.buffer.dtype === 'float32' && b.buffer.dtype === 'float32' ? peelToRows(a, b) : null;
    if (code === undefined || peel === null) return this.fallback((w) => this.js.binary(op, w.view(a), w.view(b), dtype));
    const out = this.reserve(dtype, sizeOf(a.shape));
    if (out.size === 0) return out;
    // One row walk (planned once) per index of the peeled leading dimensions (none for most calls).
    const { lead, plan } = peel;
    const leadShape = a.shape.slice(0, lead);
    const aStarts = stridedOffsets(leadShape, a.strides.slice(0, lead), a.offset);
    const bStarts = stridedOffsets(leadShape, b.strides.slice(0, lead), b.offset);
    const kernel = arithmetic !== undefined ? this.kernels.binaryF32 : this.kernels.compareF32;
    const step = plan.rows * plan.len * (dtype === 'bool' ? 1 : 4);
    const [aPtr, bPtr] = [asWasm(a.buffer).ptr, asWasm(b.buffer).ptr];
    for (let i = 0; i < aStarts.length; i++) {
      kernel(
        code,
        aPtr + 4 * aStarts[i]!, plan.a.rowStride, plan.a.inner,
        bPtr + 4 * bStarts[i]!, plan.b.rowStride, plan.b.inner,
        out.ptr + i * step, plan.rows, plan.len,
      );
    }
    return out;
  }

  where(cond: StridedView, a: StridedView, b: StridedView, dtype: DType): BackendBuffer {
    const lead = dtype === 'float32' && a.buffer.dtype === 'float32' && b.buffer.dtype === 'float32' ? peelToRuns([cond, a, b]) : null;
    if (lead === null) return this.fallback((w) => this.js.where(w.view(cond), w.view(a), w.view(b), dtype));
    const out = this.reserve(dtype, sizeOf(a.shape));
    if (out.size === 0) return out;
    // One flat run per index of the peeled leading dimensions; each operand's run is contiguous or
    // one repeated value (see peelToRuns).
    const leadShape = a.shape.slice(0, lead);
    const run = sizeOf(a.shape.slice(lead));
    const inner = (v: StridedView): number => (v.strides.slice(lead).some((s, i) => s !== 0 && v.shape[lead + i]! > 1) ? 1 : 0);
    const starts = [cond, a, b].map((v) => stridedOffsets(leadShape, v.strides.slice(0, lead), v.offset));
    const [cp, ap, bp] = [asWasm(cond.buffer).ptr, asWasm(a.buffer).ptr, asWasm(b.buffer).ptr];
    const [ic, ia, ib] = [inner(cond), inner(a), inner(b)];
    for (let i = 0; i < starts[0]!.length; i++) {
      this.kernels.whereF32(cp + starts[0]![i]!, ic, ap + 4 * starts[1]![i]!, ia, bp + 4 * starts[2]![i]!, ib, out.ptr + 4 * i * run, run);
    }
    return out;
  }

  // ── reductions and scans ────────────────────────────────────────────────────────────────────

  reduce(op: ReduceOp, x: StridedView, axes: readonly number[], dtype: DType): BackendBuffer {
    if (op !== 'prod' && dtype === 'float32' && x.buffer.dtype === 'float32' && isContiguous(x) && sizeOf(x.shape) > 0) {
      return this.reduceF32(op, asWasm(x.buffer).ptr + 4 * x.offset, x.shape, axes);
    }
    return this.fallback((w) => this.js.reduce(op, w.view(x), axes, dtype));
  }

  /**
   * Reduces a contiguous non-empty float32 array: its dimensions are merged into blocks of adjacent
   * reduced or kept axes, and the last reduced block is reduced as [outer, mid, inner] — by the
   * rows kernel when nothing follows it, by the columns kernel once per outer index otherwise —
   * until none is left. Sums of several blocks round to float32 between blocks.
   */
  private reduceF32(op: 'sum' | 'max' | 'min', ptr: number, shape: readonly number[], axes: readonly number[]): WasmBuffer {
    const blocks: { size: number; reduced: boolean }[] = [];
    shape.forEach((size, axis) => {
      if (size === 1) return;
      const reduced = axes.includes(axis);
      const last = blocks[blocks.length - 1];
      if (last !== undefined && last.reduced === reduced) last.size *= size;
      else blocks.push({ size, reduced });
    });
    let current: WasmBuffer | null = null;
    let at = ptr;
    for (let i = blocks.findLastIndex((b) => b.reduced); i >= 0; i = blocks.findLastIndex((b) => b.reduced)) {
      const outer = blocks.slice(0, i).reduce((p, b) => p * b.size, 1);
      const mid = blocks[i]!.size;
      const inner = blocks.slice(i + 1).reduce((p, b) => p * b.size, 1);
      const out = this.reserve('float32', outer * inner);
      if (inner === 1) {
        if (op === 'sum') this.kernels.sumRowsF32(at, out.ptr, outer, mid);
        else this.kernels.extremeRowsF32(op === 'max' ? 1 : 0, at, out.ptr, outer, mid);
      } else {
        const acc = op === 'sum' ? this.heap.allocate(8 * inner) : 0;
        for (let o = 0; o < outer; o++) {
          const [from, to] = [at + 4 * o * mid * inner, out.ptr + 4 * o * inner];
          if (op === 'sum') this.kernels.sumColsF32(from, to, mid, inner, acc);
          else this.kernels.extremeColsF32(op === 'max' ? 1 : 0, from, to, mid, inner);
        }
        if (op === 'sum') this.heap.free(acc, 8 * inner);
      }
      if (current !== null) this.release(current);
      current = out;
      at = out.ptr;
      blocks.splice(i, 1);
    }
    if (current !== null) return current;
    // Only size-1 axes were reduced: the values are unchanged.
    const size = shape.reduce((p, d) => p * d, 1);
    const copy = this.reserve('float32', size);
    this.bytes().copyWithin(copy.ptr, ptr, ptr + 4 * size);
    return copy;
  }

  argReduce(op: ArgReduceOp, x: StridedView, axis: number): BackendBuffer {
    return this.fallback((w) => this.js.argReduce(op, w.view(x), axis));
  }

  cumsum(x: StridedView, axis: number, dtype: DType): BackendBuffer {
    return this.fallback((w) => this.js.cumsum(w.view(x), axis, dtype));
  }

  softmax(x: StridedView, axis: number, log: boolean, dtype: DType): BackendBuffer {
    const len = x.shape[axis]!;
    if (dtype === 'float32' && x.buffer.dtype === 'float32' && axis === x.shape.length - 1 && isContiguous(x) && len > 0) {
      const out = this.reserve(dtype, sizeOf(x.shape));
      this.kernels.softmaxRowsF32(asWasm(x.buffer).ptr + 4 * x.offset, out.ptr, out.size / len, len, log ? 1 : 0);
      return out;
    }
    return this.fallback((w) => this.js.softmax(w.view(x), axis, log, dtype));
  }

  sort(x: StridedView, axis: number, descending: boolean): { values: BackendBuffer; indices: BackendBuffer } {
    const result = this.js.sort(new JsWindows(this.memory).view(x), axis, descending);
    return { values: this.adopt(result.values), indices: this.adopt(result.indices) };
  }

  // ── linear algebra ──────────────────────────────────────────────────────────────────────────

  matmul(a: StridedView, b: StridedView, dtype: DType): BackendBuffer {
    if (dtype !== 'float32' || a.buffer.dtype !== 'float32' || b.buffer.dtype !== 'float32') {
      return this.fallback((w) => this.js.matmul(w.view(a), w.view(b), dtype));
    }
    const rank = a.shape.length;
    const m = a.shape[rank - 2]!;
    const k = a.shape[rank - 1]!;
    const n = b.shape[rank - 1]!;
    const batchShape = a.shape.slice(0, rank - 2);
    const aBatch = stridedOffsets(batchShape, a.strides.slice(0, rank - 2), a.offset);
    const bBatch = stridedOffsets(batchShape, b.strides.slice(0, rank - 2), b.offset);
    const out = this.reserve(dtype, aBatch.length * m * n);
    if (m * n === 0) return out;
    const aPtr = asWasm(a.buffer).ptr;
    const bPtr = asWasm(b.buffer).ptr;
    const pool = this.threadsFor(m * n * k);
    for (let batch = 0; batch < aBatch.length; batch++) {
      const [aAt, rsa, csa] = [aPtr + 4 * aBatch[batch]!, a.strides[rank - 2]!, a.strides[rank - 1]!];
      const [bAt, rsb, csb] = [bPtr + 4 * bBatch[batch]!, b.strides[rank - 2]!, b.strides[rank - 1]!];
      const c = out.ptr + 4 * batch * m * n;
      // A few rows (batch-1 inference): B is read in place, not packed (kernels/matmul-small.ts).
      if (k > 0 && this.kernels.sgemmSmallM(m, n, k, aAt, rsa, csa, bAt, rsb, csb, c) !== 0) continue;
      if (pool === null) {
        this.kernels.sgemm(m, n, k, aAt, rsa, csa, bAt, rsb, csb, c, n, this.sgemmScratch);
      } else {
        const chunks = (pool.threads.size + 1) * this.chunksPerThread;
        this.kernels.sgemmShared(pool.control, chunks, m, n, k, aAt, rsa, csa, bAt, rsb, csb, c, pool.scratch, pool.scratchBytes);
      }
    }
    return out;
  }

  /**
   * The helper threads to split an sgemm of `work` multiply-adds across, or null to run it on this
   * thread: below the minimum work ({@link PARALLEL_SGEMM_MIN_WORK}), without a shared memory,
   * without a thread host (kernel-threads.ts), or with one thread requested. Starts, or restarts
   * after `setThreads`, the pool on first need.
   */
  private threadsFor(work: number): ThreadPool | null {
    if (!this.variant.sharedMemory || work < this.parallelMinWork) return null;
    const host = kernelThreadHost();
    const helpers = requestedKernelThreads() - 1;
    if (this.pool !== null && (this.pool.host !== host || this.pool.threads.size !== helpers)) this.stopThreads();
    if (host === null || helpers < 1 || host === this.failedHost) return null;
    if (this.pool === null) {
      const controlBytes = this.kernels.threadControlBytes();
      const control = this.heap.allocate(controlBytes);
      new Uint8Array(this.memory.buffer, control, controlBytes).fill(0);
      let threads: KernelThreads;
      try {
        threads = host.start(this.module, this.memory, control, helpers);
      } catch {
        // Threads may be forbidden here (a permission model, a resource limit): run on this thread,
        // and do not try this host again. A helper the host did start before failing finds STOP
        // set and leaves; the control block stays allocated (80 bytes) so it never reads a reuse.
        this.kernels.stopThreads(control);
        this.failedHost = host;
        return null;
      }
      const scratchBytes = this.kernels.sgemmScratchBytes();
      const scratch = this.heap.allocate(scratchBytes * (helpers + 1));
      this.pool = { host, threads, control, scratch, scratchBytes };
    }
    return this.pool;
  }

  /**
   * Stops the helper threads (they sleep between jobs, so none holds work). Their control block
   * stays allocated (80 bytes): a helper may still read it on its way out.
   */
  stopThreads(): void {
    const pool = this.pool;
    if (pool === null) return;
    this.pool = null;
    this.kernels.stopThreads(pool.control);
    pool.threads.close();
    this.heap.free(pool.scratch, pool.scratchBytes * (pool.threads.size + 1));
  }

  // ── indexing ────────────────────────────────────────────────────────────────────────────────

  gather(x: StridedView, axis: number, index: StridedView): BackendBuffer {
    return this.fallback((w) => this.js.gather(w.view(x), axis, w.view(index)));
  }

  scatterAdd(base: StridedView, axis: number, index: StridedView, src: StridedView): BackendBuffer {
    return this.fallback((w) => this.js.scatterAdd(w.view(base), axis, w.view(index), w.view(src)));
  }

  // ── sliding windows ─────────────────────────────────────────────────────────────────────────

  im2col(x: StridedView, geometry: WindowGeometry2d, padValue: number, dtype: DType): BackendBuffer {
    if (dtype !== 'float32' || x.buffer.dtype !== 'float32' || !isContiguous(x)) {
      return this.fallback((w) => this.js.im2col(w.view(x), geometry, padValue, dtype));
    }
    const [n, c, h, w] = x.shape as [number, number, number, number];
    const [kh, kw] = geometry.kernel;
    const [oh, ow] = geometry.output;
    const out = this.reserve(dtype, n * c * kh * kw * oh * ow);
    if (out.size > 0) {
      this.kernels.im2colF32(
        asWasm(x.buffer).ptr + 4 * x.offset, out.ptr, n * c, h, w,
        kh, kw, ...geometry.stride, ...geometry.dilation, ...geometry.padding, oh, ow, padValue,
      );
    }
    return out;
  }

  col2im(cols: StridedView, geometry: WindowGeometry2d, inputSize: readonly [number, number], dtype: DType): BackendBuffer {
    if (dtype !== 'float32' || cols.buffer.dtype !== 'float32' || !isContiguous(cols)) {
      return this.fallback((w) => this.js.col2im(w.view(cols), geometry, inputSize, dtype));
    }
    const [n, c] = cols.shape as [number, number];
    const [h, w] = inputSize;
    const out = this.reserve(dtype, n * c * h * w);
    if (out.size > 0) {
      this.kernels.col2imF32(
        asWasm(cols.buffer).ptr + 4 * cols.offset, out.ptr, n * c, h, w,
        ...geometry.kernel, ...geometry.stride, ...geometry.dilation, ...geometry.padding, ...geometry.output,
      );
    }
    return out;
  }

  // ── optimisers ──────────────────────────────────────────────────────────────────────────────

  adamUpdate(
    param: StridedView, grad: StridedView, expAvg: StridedView, expAvgSq: StridedView, hyper: AdamUpdateHyper, dtype: DType,
  ): readonly [BackendBuffer, BackendBuffer, BackendBuffer] {
    const views = [param, grad, expAvg, expAvgSq];
    if (dtype !== 'float32' || !views.every((v) => v.buffer.dtype === 'float32' && isContiguous(v))) {
      const w = new JsWindows(this.memory);
      const [p, m, v] = this.js.adamUpdate(w.view(param), w.view(grad), w.view(expAvg), w.view(expAvgSq), hyper, dtype);
      return [this.adopt(p), this.adopt(m), this.adopt(v)];
    }
    const n = sizeOf(param.shape);
    const out = [this.reserve(dtype, n), this.reserve(dtype, n), this.reserve(dtype, n)] as const;
    const f = Math.fround;
    if (n > 0) {
      const [p, g, m, v] = views.map((x) => asWasm(x.buffer).ptr + 4 * x.offset) as [number, number, number, number];
      this.kernels.adamUpdateF32(
        p, g, m, v, out[0].ptr, out[1].ptr, out[2].ptr, n,
        f(hyper.decay), f(hyper.weightDecay), f(hyper.beta1), f(1 - hyper.beta1), f(hyper.beta2), f(1 - hyper.beta2),
        f(hyper.stepSize), f(hyper.biasCorrection2Sqrt), f(hyper.eps),
      );
    }
    return out;
  }

  // ── random ──────────────────────────────────────────────────────────────────────────────────

  random(distribution: RandomDistribution, dtype: DType, size: number, stream: RandomStream): BackendBuffer {
    return this.adopt(this.js.random(distribution, dtype, size, stream));
  }

  // ── helpers ─────────────────────────────────────────────────────────────────────────────────

  /** A buffer of `size` elements with unspecified contents. */
  private reserve(dtype: DType, size: number): WasmBuffer {
    const bytes = size * BYTES_PER_ELEMENT[dtype];
    if (bytes === 0) return new WasmBuffer(dtype, size, 0, 0);
    return new WasmBuffer(dtype, size, this.heap.allocate(bytes), bytes);
  }

  /** A typed array over the buffer's elements (valid until the memory next grows). */
  private viewOf(buffer: WasmBuffer): DataArray {
    return memoryView(this.memory, buffer.dtype, buffer.ptr, buffer.size);
  }

  /** All of the memory as bytes (valid until the memory next grows). */
  private bytes(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }

  /** Copies a JS kernel's result into wasm memory. */
  private adopt(result: BackendBuffer): WasmBuffer {
    const data = dataOf(result);
    const buffer = this.reserve(result.dtype, data.length);
    this.viewOf(buffer).set(data);
    return buffer;
  }

  /** Runs a JS reference kernel on windows of the wasm memory and moves its result in. */
  private fallback(run: (windows: JsWindows) => BackendBuffer): WasmBuffer {
    return this.adopt(run(new JsWindows(this.memory)));
  }
}

/**
 * How many leading dimensions to loop over (`lead`) so that the rest of both operands walk as rows
 * (row-plan.ts) — a conv bias over [N, C, H, W] needs one — or null when the rows that are left
 * would be shorter than 16 elements, where the JS kernel is as fast.
 */
function peelToRows(a: StridedView, b: StridedView): { lead: number; plan: RowPlan } | null {
  for (let lead = 0; lead <= a.shape.length; lead++) {
    const rest = (v: StridedView): StridedView => ({ buffer: v.buffer, shape: v.shape.slice(lead), strides: v.strides.slice(lead), offset: 0 });
    const plan = planRows(rest(a), rest(b));
    if (plan !== null) return lead === 0 || plan.rows * plan.len >= 16 ? { lead, plan } : null;
  }
  return null;
}

/**
 * How many leading dimensions to loop over (`lead`) so that, after them, every view is one flat
 * run — contiguous, or a single value repeated (all strides 0) — or null when such runs would be
 * shorter than 16 elements, where the JS kernel is as fast. Views share one shape.
 */
function peelToRuns(views: readonly StridedView[]): number | null {
  const shape = views[0]!.shape;
  for (let lead = 0; lead < shape.length || lead === 0; lead++) {
    const flat = views.every((v) => {
      let expected = 1;
      let contiguous = true;
      let repeated = true;
      for (let d = shape.length - 1; d >= lead; d--) {
        if (shape[d]! === 1) continue;
        if (v.strides[d] !== expected) contiguous = false;
        if (v.strides[d] !== 0) repeated = false;
        expected *= shape[d]!;
      }
      return contiguous || repeated;
    });
    if (flat) return lead === 0 || sizeOf(shape.slice(lead)) >= 16 ? lead : null;
  }
  return null;
}

/** A dimension as [size, stride]. */
type Dim = [number, number];

/**
 * The view's dimensions with size-1 dims dropped and neighbours merged where one stride steps
 * over the other (a contiguous [2, 3, 4] becomes [[24, 1]]), so most views reach the 2-D kernel.
 */
function collapse(shape: readonly number[], strides: readonly number[]): Dim[] {
  const dims: Dim[] = [];
  shape.forEach((n, d) => {
    if (n === 1) return;
    const last = dims[dims.length - 1];
    const stride = strides[d]!;
    if (last !== undefined && last[1] === stride * n) {
      last[0] *= n;
      last[1] = stride;
    } else {
      dims.push([n, stride]);
    }
  });
  return dims;
}

function asWasm(buffer: BackendBuffer): WasmBuffer {
  if (!(buffer instanceof WasmBuffer)) {
    throw new TypeError(
      `wasm backend: expected a buffer created by the wasm backend, got a foreign ${buffer.dtype} buffer ` +
        `of ${buffer.size} elements`,
    );
  }
  return buffer;
}
