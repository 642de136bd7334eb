/**
 * Storage: one backend buffer shared by a tensor and all its views, and the memory manager that
 * frees it. Users never call `dispose` (DESIGN.md, principle 5): a buffer is released when the last
 * tensor that can reach it is garbage-collected, through a FinalizationRegistry. The live counts
 * below are what the memory test watches.
 */
import type { BackendBuffer, DType, KernelBackend } from '../backends/contract.js';
import { ValueError } from './errors.js';

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
    finalizer.register(this, { backend, buffer, bytes });
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
