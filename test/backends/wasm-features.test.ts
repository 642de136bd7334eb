/**
 * Feature detection of the wasm backend and its fallbacks: the relaxed-SIMD build only where the
 * engine validates it, the JS backend where the kernels do not validate at all, an unshared memory
 * (no threads) where shared memory is missing; and each kernel build against the JS reference.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import type { StridedView } from '../../src/backends/contract.js';
import { WasmBackend } from '../../src/backends/wasm/wasm-backend.js';
import { detectWasmFeatures, kernelsWasmBytes, wasmFeatures, withUnsharedMemoryImport } from '../../src/backends/wasm/wasm-kernels.js';
import { js } from './js-helpers.js';
import { randomFloat32 } from './random-values.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('wasm feature detection', () => {
  it('falls back to the plain build when the relaxed one does not validate', () => {
    const relaxed = kernelsWasmBytes({ relaxedSimd: true, sharedMemory: true });
    const features = detectWasmFeatures((bytes) => bytes.length !== relaxed.length || bytes.some((b, i) => b !== relaxed[i]));
    assert.equal(features.simd, true);
    assert.equal(features.relaxedSimd, false);
    assert.deepEqual(detectWasmFeatures(() => false), { simd: false, relaxedSimd: false, sharedMemory: true });
    assert.deepEqual(detectWasmFeatures(() => { throw new Error('engine refuses'); }).simd, false);
  });

  it('chooses the JS backend when WebAssembly.validate refuses the kernels', () => {
    const script = `
      WebAssembly.validate = () => false;
      const { getBackend } = await import('./src/index.ts');
      console.log(getBackend().name);
    `;
    const env = { ...process.env };
    delete env['SPROUT_BACKEND'];
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), 'js');
  });

  it('has no data segments, globals or start function (a helper instance writes nothing)', () => {
    for (const relaxedSimd of [false, true]) {
      const bytes = kernelsWasmBytes({ relaxedSimd, sharedMemory: true });
      const ids: number[] = [];
      let at = 8;
      const leb = (): number => {
        let value = 0;
        for (let shift = 0; ; shift += 7) {
          const byte = bytes[at++]!;
          value += (byte & 0x7f) * 2 ** shift;
          if (byte < 0x80) return value;
        }
      };
      while (at < bytes.length) {
        ids.push(bytes[at++]!);
        const size = leb();
        at += size;
      }
      // 6 global, 8 start, 11 data, 12 data count: each would run or write again per instance.
      for (const id of [6, 8, 11, 12]) assert.ok(!ids.includes(id), `section ${id} in the ${relaxedSimd ? 'relaxed' : 'plain'} build`);
      assert.ok(ids.includes(10), 'the walk should have found the code section');
    }
  });

  it('clears only the shared bit of the memory import', () => {
    const shared = kernelsWasmBytes({ relaxedSimd: false, sharedMemory: true });
    const unshared = withUnsharedMemoryImport(shared);
    const differing = [...shared.keys()].filter((i) => shared[i] !== unshared[i]);
    assert.equal(differing.length, 1);
    assert.equal(shared[differing[0]!], 0x03);
    assert.equal(unshared[differing[0]!], 0x01);
    assert.equal(WebAssembly.validate(unshared), true);
    assert.throws(() => withUnsharedMemoryImport(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])), /imports no memory/);
  });
});

describe('every kernel build', () => {
  const variants = [
    { relaxedSimd: false, sharedMemory: true },
    { relaxedSimd: false, sharedMemory: false },
    { relaxedSimd: true, sharedMemory: true },
    { relaxedSimd: true, sharedMemory: false },
  ];
  for (const variant of variants) {
    const name = `${variant.relaxedSimd ? 'relaxed' : 'plain'} SIMD, ${variant.sharedMemory ? 'shared' : 'unshared'} memory`;
    const skip = variant.relaxedSimd && !wasmFeatures().relaxedSimd ? 'relaxed SIMD does not validate on this engine (Node 20: --experimental-wasm-relaxed-simd)' : false;
    it(`${name}: matmul within float32 accumulation error of the reference, data kept across growth`, { skip }, () => {
      const backend = new WasmBackend({ variant });
      assert.equal(backend.memoryStats().memoryBytes > 0, true);
      const [m, k, n] = [37, 300, 29];
      const a = randomFloat32(m * k, 3);
      const b = randomFloat32(k * n, 4);
      const on = (be: WasmBackend | typeof js, data: Float32Array, shape: [number, number]): StridedView => ({ buffer: be.upload('float32', data), shape, strides: [shape[1], 1], offset: 0 });
      const got = backend.readSync(backend.matmul(on(backend, a, [m, k]), on(backend, b, [k, n]), 'float32'));
      const want = js.readSync(js.matmul(on(js, a, [m, k]), on(js, b, [k, n]), 'float32'));
      // Plain: K·ε·Σ|a||b| with |a|, |b| ≤ 2; a fused multiply-add rounds once less, within the same bound.
      const atol = k * 2 ** -24 * 4 * 2;
      for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i]! - want[i]!) <= atol + 1e-5 * Math.abs(want[i]!), `element ${i}: ${got[i]} vs ${want[i]}`);
      // Growing the memory (shared: a new, longer SharedArrayBuffer) keeps data and refreshes views.
      const small = backend.upload('float32', Float32Array.from([1, 2, 3]));
      const before = backend.memoryStats().memoryBytes;
      const big = backend.allocate('float32', before / 2);
      assert.ok(backend.memoryStats().memoryBytes > before);
      backend.upload('float32', Float32Array.from([7])); // a view made after the growth, at its end
      assert.deepEqual(Array.from(backend.readSync(small)), [1, 2, 3]);
      backend.release(big);
    });
  }
});
