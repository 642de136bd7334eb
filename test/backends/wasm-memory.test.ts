/**
 * The flat-memory test on the wasm backend, reading the backend's own memory: 10,000 MLP training
 * steps must leave the WebAssembly memory in use (live buffers + scratch) flat, with no `dispose`
 * anywhere (DESIGN.md, principle 5), and the memory itself bounded.
 *
 * The size of the WebAssembly.Memory is a high-water mark: buffers are freed only when the garbage
 * collector runs the finalisers, and V8 does not see the wasm heap as pressure, so garbage piles up
 * between collections (tens of MiB for this model) before it is reused. Hence a bound, not equality. The shared test
 * (test/memory/training-memory.test.ts) covers live buffers and process memory on every backend.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { WasmBackend } from '../../src/backends/wasm/wasm-backend.js';
import { add, Generator, getBackend, matmul, mean, mul, noGrad, randn, relu, setBackend, sub, type Tensor, tensor, zeros } from '../../src/index.js';

async function collect(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  assert.ok(gc !== undefined, 'run node with --expose-gc (npm test does)');
  for (let round = 0; round < 10; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('10,000 MLP steps keep the wasm memory in use flat', async () => {
  setBackend('wasm');
  const backend = getBackend();
  assert.ok(backend instanceof WasmBackend);
  const g = new Generator(3);
  const x = randn([32, 4], { generator: g });
  const y = tensor(Array.from(x.toArray() as number[][], (row) => [(row[0]! > 0) !== (row[1]! > 0) ? 1 : 0]));
  const w1 = mul(randn([4, 16], { generator: g }), 0.5).detach().requiresGrad_();
  const b1 = zeros([16], { requiresGrad: true });
  const w2 = mul(randn([16, 1], { generator: g }), 0.5).detach().requiresGrad_();
  const b2 = zeros([1], { requiresGrad: true });
  const params: Tensor[] = [w1, b1, w2, b2];
  const step = (): void => {
    const out = add(matmul(relu(add(matmul(x, w1), b1)), w2), b2);
    const diff = sub(out, y);
    mean(mul(diff, diff)).backward();
    noGrad(() => {
      for (const p of params) {
        p.sub_(mul(p.grad!, 0.05));
        p.zeroGrad();
      }
    });
  };

  const readings: { step: number; bytesInUse: number; memoryBytes: number; freeBlocks: number }[] = [];
  for (let i = 1; i <= 10_000; i++) {
    step();
    if (i === 1_000 || i % 3_000 === 0 || i === 10_000) {
      await collect();
      readings.push({ step: i, ...backend.memoryStats() });
    }
  }
  const report = readings.map((r) => `step ${r.step}: ${r.bytesInUse} B in use, memory ${r.memoryBytes} B, ${r.freeBlocks} free blocks`).join('\n');
  const first = readings[0]!;
  const last = readings[readings.length - 1]!;
  assert.ok(last.bytesInUse <= first.bytesInUse + 64 * 1024, `wasm memory in use grew:\n${report}`);
  assert.ok(last.memoryBytes <= 256 * 2 ** 20, `the wasm memory grew without bound:\n${report}`);
  assert.ok(last.freeBlocks <= first.freeBlocks + 64, `the free list fragmented:\n${report}`);
});
