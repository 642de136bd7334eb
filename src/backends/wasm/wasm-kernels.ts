/**
 * Loading the compiled kernels: decodes the embedded .wasm (kernels-wasm.ts), instantiates it over a
 * memory the caller owns, and types its exports.
 *
 * Shape legend: every pointer argument is a byte address in that memory; sizes and strides are in
 * elements. See kernels/*.ts for each kernel's layout.
 */

import { KERNELS_WASM_BASE64 } from './kernels-wasm.js';

/** The exports of kernels/index.ts. */
export interface KernelExports {
  heapBase(): number;
  sgemmScratchBytes(): number;
  sgemm(
    m: number, n: number, k: number,
    a: number, rsa: number, csa: number,
    b: number, rsb: number, csb: number,
    c: number, scratch: number,
  ): void;
  /** C = A·B for m ≤ 8 without packing; returns 0 (doing nothing) for layouts it does not take. */
  sgemmSmallM(
    m: number, n: number, k: number,
    a: number, rsa: number, csa: number,
    b: number, rsb: number, csb: number,
    c: number,
  ): number;
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

let bytes: Uint8Array<ArrayBuffer> | null = null;
let compiled: WebAssembly.Module | null = null;

/** The .wasm binary (decoded once). `atob` exists in browsers and in Node ≥ 16. */
export function kernelsWasmBytes(): Uint8Array<ArrayBuffer> {
  if (bytes === null) {
    const text = atob(KERNELS_WASM_BASE64);
    bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  }
  return bytes;
}

/**
 * True when this engine can run the kernels: WebAssembly with fixed-width SIMD. Validating the real
 * module checks exactly the features it uses.
 */
export function wasmKernelsSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(kernelsWasmBytes());
  } catch {
    return false;
  }
}

/**
 * Instantiates the kernels over `memory`. Synchronous (the module is small), so the backend can be
 * created on first use like the JS one.
 */
export function instantiateKernels(memory: WebAssembly.Memory): KernelExports {
  compiled ??= new WebAssembly.Module(kernelsWasmBytes());
  const instance = new WebAssembly.Instance(compiled, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
