/**
 * Loading the compiled kernels: decodes the embedded .wasm (kernels-wasm.ts) — the relaxed-SIMD
 * build where the engine validates it, the plain-SIMD build otherwise — instantiates it over a
 * memory the caller owns, and types its exports.
 *
 * Shape legend: every pointer argument is a byte address in that memory; sizes and strides are in
 * elements. See kernels/*.ts for each kernel's layout.
 *
 * Both builds declare their memory import shared (helper threads instantiate the same module over
 * the same memory, kernels/thread-jobs.ts). Where shared memory is unavailable (a browser page that
 * is not cross-origin isolated) the import's shared bit is cleared in a copy of the binary, which
 * then runs over an ordinary memory, with no threads.
 */

import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from './kernels-wasm.js';

/** The exports of kernels/index.ts. */
export interface KernelExports {
  heapBase(): number;
  sgemmScratchBytes(): number;
  sgemm(
    m: number, n: number, k: number,
    a: number, rsa: number, csa: number,
    b: number, rsb: number, csb: number,
    c: number, ldc: number, scratch: number,
  ): void;
  /** C = A·B for m ≤ 8 without packing; returns 0 (doing nothing) for layouts it does not take. */
  sgemmSmallM(
    m: number, n: number, k: number,
    a: number, rsa: number, csa: number,
    b: number, rsb: number, csb: number,
    c: number,
  ): number;
  threadControlBytes(): number;
  sgemmShared(
    control: number, chunks: number,
    m: number, n: number, k: number,
    a: number, rsa: number, csa: number,
    b: number, rsb: number, csb: number,
    c: number, scratch: number, scratchStride: number,
  ): void;
  threadLoop(control: number, participant: number): void;
  stopThreads(control: number): void;
  chunksByHelpers(control: number): number;
  unaryF32(op: number, x: number, out: number, n: number): void;
  binaryF32(
    op: number,
    a: number, aRowStride: number, aInner: number,
    b: number, bRowStride: number, bInner: number,
    out: number, rows: number, len: number,
  ): void;
  compareF32(
    op: number,
    a: number, aRowStride: number, aInner: number,
    b: number, bRowStride: number, bInner: number,
    out: number, rows: number, len: number,
  ): void;
  boolToF32(x: number, out: number, n: number): void;
  copyStrided32(src: number, out: number, rows: number, cols: number, rs: number, cs: number): void;
  sumRowsF32(x: number, out: number, rows: number, len: number): void;
  sumColsF32(x: number, out: number, rows: number, len: number, acc: number): void;
  extremeRowsF32(isMax: number, x: number, out: number, rows: number, len: number): void;
  extremeColsF32(isMax: number, x: number, out: number, rows: number, len: number): void;
  im2colF32(
    x: number, out: number, planes: number, h: number, w: number,
    kh: number, kw: number, sy: number, sx: number, dy: number, dx: number, py: number, px: number,
    oh: number, ow: number, padValue: number,
  ): void;
  /** Softmax (`log` 0) or log-softmax (`log` 1) along the rows of a contiguous [rows, len] float32 matrix. */
  softmaxRowsF32(x: number, out: number, rows: number, len: number, log: number): void;
  /** out[i] = cond[i·ic] ? a[i·ia] : b[i·ib] over n elements; inner strides 0 or 1. */
  whereF32(cond: number, ic: number, a: number, ia: number, b: number, ib: number, out: number, n: number): void;
  /** The fused Adam update over n contiguous float32 elements (kernels/adam.ts). */
  adamUpdateF32(
    p: number, g: number, m: number, v: number, outP: number, outM: number, outV: number, n: number,
    decay: number, wd: number, b1: number, omb1: number, b2: number, omb2: number, stepSize: number, bc2: number, eps: number,
  ): void;
  col2imF32(
    cols: number, out: number, planes: number, h: number, w: number,
    kh: number, kw: number, sy: number, sx: number, dy: number, dx: number, py: number, px: number,
    oh: number, ow: number,
  ): void;
}

/** Which build of the kernels to load and over which kind of memory. */
export interface KernelVariant {
  /** The relaxed-SIMD build (fused multiply-add in sgemm). */
  readonly relaxedSimd: boolean;
  /** A shared memory (threads possible); false loads the binary with its import made unshared. */
  readonly sharedMemory: boolean;
}

/** What this engine offers the wasm backend. */
export interface WasmFeatures {
  /** The plain kernels validate: WebAssembly with fixed-width SIMD (and atomics). */
  readonly simd: boolean;
  /** The relaxed-SIMD build validates too (Node ≥ 22, Chrome ≥ 114, Node 20 with a flag). */
  readonly relaxedSimd: boolean;
  /** `WebAssembly.Memory({ shared: true })` works (Node; browsers only when cross-origin isolated). */
  readonly sharedMemory: boolean;
}

/** Maximum pages of the memory: the 4 GiB a wasm32 module can address (the import's maximum). */
export const MAXIMUM_PAGES = 65536;

const decoded = new Map<string, Uint8Array<ArrayBuffer>>();
const compiled = new Map<string, WebAssembly.Module>();

function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  let bytes = decoded.get(base64);
  if (bytes === undefined) {
    // `atob` exists in browsers and in Node ≥ 16.
    const text = atob(base64);
    bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    decoded.set(base64, bytes);
  }
  return bytes;
}

/** The .wasm binary of a variant. */
export function kernelsWasmBytes(variant: KernelVariant = { relaxedSimd: false, sharedMemory: true }): Uint8Array<ArrayBuffer> {
  const bytes = decodeBase64(variant.relaxedSimd ? KERNELS_RELAXED_WASM_BASE64 : KERNELS_WASM_BASE64);
  return variant.sharedMemory ? bytes : withUnsharedMemoryImport(bytes);
}

/**
 * Detects what the engine offers. `validate` is injectable so tests can simulate an engine that
 * refuses a build; validating the real binaries checks exactly the features they use.
 */
export function detectWasmFeatures(validate: (bytes: Uint8Array<ArrayBuffer>) => boolean = (b) => WebAssembly.validate(b)): WasmFeatures {
  if (typeof WebAssembly !== 'object') return { simd: false, relaxedSimd: false, sharedMemory: false };
  const sharedMemory = sharedMemorySupported();
  const accepts = (relaxedSimd: boolean): boolean => {
    try {
      return validate(kernelsWasmBytes({ relaxedSimd, sharedMemory }));
    } catch {
      return false;
    }
  };
  const simd = accepts(false);
  return { simd, relaxedSimd: simd && accepts(true), sharedMemory };
}

let features: WasmFeatures | null = null;

/** {@link detectWasmFeatures} of this engine, detected once. */
export function wasmFeatures(): WasmFeatures {
  features ??= detectWasmFeatures();
  return features;
}

/** True when this engine can run the kernels (else the JS backend is chosen). */
export function wasmKernelsSupported(): boolean {
  return wasmFeatures().simd;
}

/**
 * True when shared WebAssembly memories can be made: always in Node; in browsers only on
 * cross-origin isolated pages (COOP + COEP headers), where `SharedArrayBuffer` exists.
 */
function sharedMemorySupported(): boolean {
  if (typeof SharedArrayBuffer !== 'function') return false;
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) return false;
  try {
    return new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

/** A memory the kernels of `variant` can be instantiated over: `initial` pages, growable to 4 GiB. */
export function createKernelMemory(variant: KernelVariant, initial: number): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial, maximum: MAXIMUM_PAGES, shared: variant.sharedMemory });
}

/** The compiled module of a variant (compiled once; helper threads instantiate the same one). */
export function compileKernels(variant: KernelVariant): WebAssembly.Module {
  const key = `${variant.relaxedSimd ? 'relaxed' : 'plain'}-${variant.sharedMemory ? 'shared' : 'unshared'}`;
  let module = compiled.get(key);
  if (module === undefined) {
    module = new WebAssembly.Module(kernelsWasmBytes(variant));
    compiled.set(key, module);
  }
  return module;
}

/**
 * Instantiates the kernels over `memory`. Synchronous (the module is small), so the backend can be
 * created on first use like the JS one.
 */
export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}

/**
 * A copy of a .wasm binary whose imported memory is not shared: the limits flag of the memory
 * import loses its shared bit (0x03 → 0x01), a one-byte change that keeps every offset. The
 * kernels' atomic instructions stay valid on an unshared memory; wait is only reached with threads.
 */
export function withUnsharedMemoryImport(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const out = bytes.slice();
  let at = 8; // magic + version
  // Reads an unsigned LEB128 number at `at` and moves past it.
  const leb = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = out[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < out.length) {
    const id = out[at++]!;
    const size = leb();
    if (id !== 2) {
      at = skip(size);
      continue;
    }
    for (let count = leb(); count > 0; count--) {
      at = skip(leb()); // module name
      at = skip(leb()); // field name
      const kind = out[at++]!;
      if (kind === 2) {
        out[at] = out[at]! & ~0x02;
        return out;
      }
      if (kind === 0) {
        leb(); // function: type index
      } else if (kind === 1) {
        at++; // table: element type, then limits
        skipLimits();
      } else {
        at += 2; // global: value type, mutability
      }
    }
    break;
  }
  throw new Error('wasm kernels: the binary imports no memory');

  // `at += leb()` would add to the value `at` had before leb() moved it.
  function skip(bytes: number): number {
    return at + bytes;
  }

  function skipLimits(): void {
    const flags = out[at++]!;
    leb();
    if ((flags & 1) !== 0) leb();
  }
}
