/**
 * The committed kernels module (src/backends/wasm/kernels-wasm.ts) is what `npm run build:wasm`
 * produces from kernels/*.ts today: AssemblyScript's output is deterministic, so a stale module
 * (kernels edited, build not rerun) fails here.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { it } from 'node:test';

import { buildKernelsModule, GENERATED_PATH } from '../../tools/build-wasm.js';
import { wasmKernelsSupported } from '../../src/backends/wasm/wasm-kernels.js';

it('the committed wasm kernels equal a fresh build of kernels/', async () => {
  const committed = await readFile(GENERATED_PATH, 'utf8');
  const fresh = await buildKernelsModule();
  assert.ok(committed === fresh, 'src/backends/wasm/kernels-wasm.ts is stale: run npm run build:wasm');
});

it('the kernels validate on this engine (WebAssembly SIMD)', () => {
  assert.equal(wasmKernelsSupported(), true);
});
