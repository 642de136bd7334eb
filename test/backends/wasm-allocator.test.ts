/**
 * The wasm backend's free-list allocator: alignment, reuse, coalescing of neighbours and growth
 * of the memory.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ALIGN, PAGE_BYTES, WasmAllocator } from '../../src/backends/wasm/wasm-allocator.js';

function fresh(pages = 1, base = 100): WasmAllocator {
  return new WasmAllocator(new WebAssembly.Memory({ initial: pages }), base);
}

describe('wasm allocator', () => {
  it('hands out 16-byte aligned blocks above the base', () => {
    const heap = fresh();
    const a = heap.allocate(1);
    const b = heap.allocate(20);
    assert.ok(a >= 100 && a % ALIGN === 0 && b % ALIGN === 0);
    assert.ok(b >= a + ALIGN, 'blocks must not overlap');
    assert.equal(heap.bytesInUse, 16 + 32);
  });

  it('reuses freed blocks and coalesces neighbours back into one free block', () => {
    const heap = fresh();
    const blocks = [heap.allocate(64), heap.allocate(64), heap.allocate(64)];
    const free = heap.freeBlocks;
    heap.free(blocks[0]!, 64);
    heap.free(blocks[2]!, 64);
    heap.free(blocks[1]!, 64);
    assert.equal(heap.bytesInUse, 0);
    assert.equal(heap.freeBlocks, free, 'the three blocks and the tail should merge');
    assert.equal(heap.allocate(192), blocks[0], 'the merged space is reused first-fit');
  });

  it('prefers the tightest fitting hole', () => {
    const heap = fresh();
    const big = heap.allocate(256);
    heap.allocate(16);
    const small = heap.allocate(32);
    heap.allocate(16);
    heap.free(big, 256);
    heap.free(small, 32);
    assert.equal(heap.allocate(32), small);
  });

  it('grows the memory when nothing fits, keeping earlier blocks', () => {
    const heap = fresh(1);
    const a = heap.allocate(1000);
    new Uint8Array(heap.memory.buffer, a, 4).set([1, 2, 3, 4]);
    const b = heap.allocate(3 * PAGE_BYTES);
    assert.ok(heap.memoryBytes >= 4 * PAGE_BYTES);
    assert.deepEqual([...new Uint8Array(heap.memory.buffer, a, 4)], [1, 2, 3, 4]);
    assert.ok(b + 3 * PAGE_BYTES <= heap.memoryBytes);
    heap.free(b, 3 * PAGE_BYTES);
    heap.free(a, 1000);
    assert.equal(heap.bytesInUse, 0);
    assert.equal(heap.freeBlocks, 1, 'everything coalesces into one block after growth');
  });
});
