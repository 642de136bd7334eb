/**
 * Storage: one backend buffer shared by a tensor and all its views, and the memory manager that
 * frees it. Users never call `dispose` (DESIGN.md, principle 5): a buffer is released when the last
 * tensor that can reach it is garbage-collected, through a FinalizationRegistry. The live counts
 * below are what the memory test watches.
 *
 * Garbage collection alone is not enough for backends whose memory the JavaScript engine cannot
 * see (a WebAssembly memory): a training step leaves megabytes of buffers behind while adding only
 * a few hundred bytes of JavaScript objects, so the engine sees no reason to collect, and the wasm
 * memory grows to its 4 GiB limit first. Two remedies, both used by `fit`, `evaluate` and `predict`:
 * - {@link relieveMemoryPressure}: after enough bytes were allocated, run a collection and yield, so
 *   the finalisers of dead tensors run (garbage-collector.ts finds the collector);
 * - {@link tidy}: release, at once, every buffer a synchronous function allocated and did not return.
 */
import type { BackendBuffer, DType, KernelBackend } from '../backends/contract.js';
import { ValueError } from './errors.js';
import { findGarbageCollector } from './garbage-collector.js';

const BYTES_PER_ELEMENT: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };

interface Held {
  readonly backend: KernelBackend;
  readonly buffer: BackendBuffer;
  readonly bytes: number;
}

let liveBuffers = 0;
/** Elements still allowed inside {@link withAllocationBudget}, or null outside one. */
let budget: { remaining: number; readonly limit: number; readonly purpose: string } | null = null;
let liveBytes = 0;
let buffersCreated = 0;

/** Bytes allocated since the last {@link relieveMemoryPressure} collection. */
let allocatedSinceCollection = 0;
/** Storages created inside each active {@link tidy} call, innermost last. */
const scopes: Storage[][] = [];

const finalizer = new FinalizationRegistry<Held>((held) => {
  liveBuffers--;
  liveBytes -= held.bytes;
  held.backend.release(held.buffer);
});

/** A backend buffer plus the bookkeeping every view of it shares. */
export class Storage {
  /**
   * Bumped by every in-place write, so autograd can tell when a tensor it saved for the backward
   * pass was overwritten after the forward pass (PyTorch's version counter).
   */
  version = 0;
  /** True once {@link tidy} released the buffer; any later use is an error. */
  released = false;

  constructor(
    readonly backend: KernelBackend,
    readonly buffer: BackendBuffer,
  ) {
    if (budget !== null) {
      if (buffer.size > budget.remaining) {
        backend.release(buffer);
        budgetExceeded(budget);
      }
      budget.remaining -= buffer.size;
    }
    const bytes = buffer.size * BYTES_PER_ELEMENT[buffer.dtype];
    liveBuffers++;
    liveBytes += bytes;
    buffersCreated++;
    allocatedSinceCollection += bytes;
    finalizer.register(this, { backend, buffer, bytes }, this);
    scopes[scopes.length - 1]?.push(this);
  }

  /** Frees the buffer now instead of at garbage collection. */
  release(): void {
    if (this.released) return;
    this.released = true;
    finalizer.unregister(this);
    liveBuffers--;
    liveBytes -= this.size * BYTES_PER_ELEMENT[this.dtype];
    this.backend.release(this.buffer);
  }

  /** The buffer, for a kernel call. @throws ValueError when tidy released it. */
  liveBuffer(): BackendBuffer {
    if (this.released) {
      throw new ValueError(
        'this tensor was released at the end of a tidy() call that created it and did not return it; return it from the function (or keep it in a variable made outside) to use it afterwards',
      );
    }
    return this.buffer;
  }

  get dtype(): DType {
    return this.buffer.dtype;
  }

  get size(): number {
    return this.buffer.size;
  }
}

/**
 * Runs `fn` allowing it to allocate at most `elements` tensor elements in total (counting every
 * buffer it creates, freed or not), and throws a ValueError as soon as it asks for more. Loading a
 * model from a file uses it, so a config that describes an absurdly large network fails fast
 * instead of exhausting memory. Budgets nest: the inner one is checked too.
 *
 * @example
 * const module = withAllocationBudget(4 * weightElements, 'building the saved architecture', () => layerFromConfig(config));
 */
export function withAllocationBudget<T>(elements: number, purpose: string, fn: () => T): T {
  const outer = budget;
  budget = { remaining: elements, limit: elements, purpose };
  try {
    return fn();
  } finally {
    const used = budget.limit - budget.remaining;
    budget = outer;
    if (budget !== null) budget.remaining -= used;
  }
}

/**
 * Throws when an allocation of `elements` would exceed the active budget, if any. Creation ops call
 * it before asking the backend for memory, so an oversized request fails before memory is taken.
 *
 * @throws ValueError when the budget would be exceeded.
 */
export function assertCanAllocate(elements: number): void {
  if (budget !== null && elements > budget.remaining) budgetExceeded(budget);
}

function budgetExceeded(b: { readonly limit: number; readonly purpose: string }): never {
  throw new ValueError(`allocation budget exceeded while ${b.purpose}: more than ${b.limit} elements requested`);
}

/** What the memory manager holds right now. */
export interface MemoryStats {
  /** Buffers allocated and not yet released. */
  readonly liveBuffers: number;
  /** Bytes in those buffers. */
  readonly liveBytes: number;
  /** Buffers allocated since the process started. */
  readonly buffersCreated: number;
}

/**
 * Live buffer counts. Buffers are released after garbage collection, so the counts lag behind the
 * program: a test that wants exact numbers runs `global.gc()` (node --expose-gc) and waits a tick.
 *
 * @example
 * const { liveBuffers, liveBytes } = memoryStats();
 */
export function memoryStats(): MemoryStats {
  return { liveBuffers, liveBytes, buffersCreated };
}

/**
 * Runs `fn` and releases, when it returns, every buffer it allocated that is not held by the
 * tensors in its result (a tensor, or an array or object of tensors, searched two levels deep)
 * or by tensors passed to {@link keep} during the call. For loops that make many temporaries in
 * one synchronous run, where garbage collection cannot free them in time. Tidy calls nest.
 *
 * A tensor the function stored elsewhere (a cache, a field) and did not keep is released too; any
 * later use of it throws a ValueError saying so, rather than reading freed memory.
 *
 * @example
 * const logits = tidy(() => model.forward(x)); // the forward's intermediate buffers are freed now
 */
export function tidy<T>(fn: () => T): T {
  const created: Storage[] = [];
  scopes.push(created);
  let result: T;
  try {
    result = fn();
  } finally {
    scopes.pop();
  }
  const kept = new Set<Storage>();
  collectStorages(result, kept, 2);
  const outer = scopes[scopes.length - 1];
  for (const storage of created) {
    if (kept.has(storage) || keptStorages.has(storage)) outer?.push(storage);
    else storage.release();
  }
  return result;
}

/** Storages {@link keep} marked: never released by tidy. */
const keptStorages = new WeakSet<Storage>();

/**
 * Marks a tensor's buffer as one that enclosing {@link tidy} calls must not release (optimizer
 * state, running statistics, metric totals: anything made inside a tidy call and stored for later).
 *
 * @returns the tensor.
 * @example
 * tidy(() => { cache.set(key, keep(expensive(x))); });
 */
export function keep<T extends { readonly storage: Storage }>(tensor: T): T {
  keptStorages.add(tensor.storage);
  return tensor;
}

function collectStorages(value: unknown, into: Set<Storage>, depth: number): void {
  if (value === null || typeof value !== 'object') return;
  const storage = (value as { storage?: unknown }).storage;
  if (storage instanceof Storage) {
    into.add(storage);
    return;
  }
  if (depth === 0) return;
  for (const item of Array.isArray(value) ? value : Object.values(value)) collectStorages(item, into, depth - 1);
}

/**
 * Bytes allocated since the last collection above which {@link relieveMemoryPressure} collects.
 * Large enough that a collection (a few milliseconds with Sprout's small JavaScript heap) is rare
 * next to the work that allocated that much.
 */
const COLLECTION_THRESHOLD_BYTES = 256 * 1024 * 1024;

/**
 * Lets the memory of dead tensors be freed: when more than 256 MiB were allocated since the last
 * time, runs a garbage collection (where the engine offers one: see garbage-collector.ts) and
 * yields to the event loop so the finalisers run; otherwise resolves at once. Training and
 * evaluation loops await it between batches.
 */
export async function relieveMemoryPressure(): Promise<void> {
  if (allocatedSinceCollection < COLLECTION_THRESHOLD_BYTES) return;
  allocatedSinceCollection = 0;
  findGarbageCollector()?.();
  await new Promise((resolve) => setTimeout(resolve, 0));
}
