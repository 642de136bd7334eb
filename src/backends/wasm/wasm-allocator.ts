/**
 * The wasm backend's heap: a first-fit-by-size (best-fit) free list with coalescing, kept in JS over
 * one WebAssembly.Memory that grows on demand.
 *
 * Shape legend: addresses and sizes are in bytes; every block starts on a 16-byte boundary and its
 * size is a multiple of 16, so SIMD loads of float32 data are aligned.
 *
 * Why in JS: the kernels never allocate, so the allocator is only called from JS (once per buffer),
 * and keeping it here lets the FinalizationRegistry free memory without entering wasm. Free blocks
 * are indexed by start and by end, so a freed block merges with both neighbours in O(1).
 */

/** Bytes per WebAssembly page. */
export const PAGE_BYTES = 65536;
/** Alignment of every block. */
export const ALIGN = 16;

/** A free-list allocator over a growable WebAssembly.Memory. */
export class WasmAllocator {
  /** Start → size of each free block. */
  private readonly freeByStart = new Map<number, number>();
  /** End (exclusive) → start of each free block. */
  private readonly freeByEnd = new Map<number, number>();
  /** First byte past the heap managed so far (grows with the memory). */
  private heapEnd: number;
  /** Bytes handed out and not yet freed. */
  private used = 0;

  /**
   * @param memory - the memory to manage; it may already hold static data below `base`.
   * @param base - first usable byte (rounded up to {@link ALIGN}).
   */
  constructor(
    readonly memory: WebAssembly.Memory,
    base: number,
  ) {
    const start = alignUp(base);
    this.heapEnd = memory.buffer.byteLength;
    if (this.heapEnd > start) this.addFree(start, this.heapEnd - start);
    else this.heapEnd = start;
  }

  /** Bytes in blocks handed out and not yet freed. */
  get bytesInUse(): number {
    return this.used;
  }

  /** Bytes of the underlying memory (in use, free, and static data). */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Number of free blocks (a fragmentation measure for tests). */
  get freeBlocks(): number {
    return this.freeByStart.size;
  }

  /**
   * Reserves at least `bytes` bytes (16-byte aligned) and returns the address. Growing the memory
   * detaches every typed array over its old buffer: callers must re-create their views.
   */
  allocate(bytes: number): number {
    const size = Math.max(ALIGN, alignUp(bytes));
    let best = -1;
    let bestSize = Infinity;
    for (const [start, free] of this.freeByStart) {
      if (free >= size && free < bestSize) {
        best = start;
        bestSize = free;
        if (free === size) break;
      }
    }
    if (best < 0) {
      this.grow(size);
      return this.allocate(bytes);
    }
    this.removeFree(best, bestSize);
    if (bestSize > size) this.addFree(best + size, bestSize - size);
    this.used += size;
    return best;
  }

  /** Returns the block at `ptr` of the `bytes` it was allocated with. */
  free(ptr: number, bytes: number): void {
    const size = Math.max(ALIGN, alignUp(bytes));
    this.used -= size;
    let start = ptr;
    let end = ptr + size;
    const before = this.freeByEnd.get(start);
    if (before !== undefined) {
      this.removeFree(before, start - before);
      start = before;
    }
    const afterSize = this.freeByStart.get(end);
    if (afterSize !== undefined) {
      this.removeFree(end, afterSize);
      end += afterSize;
    }
    this.addFree(start, end - start);
  }

  /** Grows the memory so that a block of `size` bytes fits at its end. */
  private grow(size: number): void {
    // A free block that touches the end of the heap only needs topping up.
    const tail = this.freeByEnd.get(this.heapEnd);
    const have = tail === undefined ? 0 : this.heapEnd - tail;
    const current = this.memory.buffer.byteLength;
    // Grow by at least a quarter of the current size, so that a growing model costs O(log) grows.
    const wanted = Math.max(size - have, current >>> 2);
    const pages = Math.ceil(wanted / PAGE_BYTES);
    this.memory.grow(pages);
    const newEnd = this.memory.buffer.byteLength;
    this.free(this.heapEnd, newEnd - this.heapEnd);
    // `free` counted the new space as released; it was never in use.
    this.used += newEnd - this.heapEnd;
    this.heapEnd = newEnd;
  }

  private addFree(start: number, size: number): void {
    this.freeByStart.set(start, size);
    this.freeByEnd.set(start + size, start);
  }

  private removeFree(start: number, size: number): void {
    this.freeByStart.delete(start);
    this.freeByEnd.delete(start + size);
  }
}

function alignUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
