/**
 * The fast path of the int8 matrix product: the WebAssembly SIMD kernel of kernels/int8/gemm.ts
 * (i32x4.dot_i16x8_s), with the TypeScript reference (int8-gemm.ts) as the fallback where
 * WebAssembly SIMD is missing or `SPROUT_BACKEND=js` asks for plain JavaScript. Both give
 * bit-identical int32 results (integer arithmetic has no rounding), which a test checks.
 *
 * The module is tiny (about 1 KiB), so it is compiled synchronously on first use; it owns its
 * memory, into which A and B are copied for each call (a copy is far cheaper than the product).
 */
import { ValueError } from '../core/index.js';
import { int8MatmulTransposed, MAX_INT8_INNER } from './int8-gemm.js';
import { INT8_GEMM_WASM_BASE64 } from './int8-gemm-wasm-bytes.js';
import { type AffineInt8Params, quantizeAffine } from './quantization-params.js';

interface Int8Kernel {
  readonly memory: WebAssembly.Memory;
  readonly base: number;
  readonly gemm: (a: number, b: number, c: number, m: number, n: number, k: number) => void;
  readonly quantize: (x: number, q: number, n: number, inverse: number, zero: number) => void;
}

/** undefined: not tried yet; null: unavailable. */
let kernel: Int8Kernel | null | undefined;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function wantsPlainJs(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.['SPROUT_BACKEND'] === 'js';
}

function loadKernel(): Int8Kernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  if (typeof WebAssembly === 'undefined' || wantsPlainJs()) return kernel;
  try {
    const bytes = decodeBase64(INT8_GEMM_WASM_BASE64);
    if (!WebAssembly.validate(bytes)) return kernel;
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as {
      memory: WebAssembly.Memory;
      heapBase: () => number;
      int8GemmNT: Int8Kernel['gemm'];
      quantizeAffineF32: Int8Kernel['quantize'];
    };
    kernel = { memory: exports.memory, base: (exports.heapBase() + 15) & ~15, gemm: exports.int8GemmNT, quantize: exports.quantizeAffineF32 };
  } catch {
    kernel = null;
  }
  return kernel;
}

/** The module's memory, grown to hold at least `end` bytes. */
function reserve(wasm: Int8Kernel, end: number): ArrayBuffer {
  const missing = end - wasm.memory.buffer.byteLength;
  if (missing > 0) wasm.memory.grow(Math.ceil(missing / 65536));
  return wasm.memory.buffer;
}

/**
 * {@link quantizeAffine} in WebAssembly for float32 input (the same bytes: both round in f64 with
 * ties to even); other inputs, or no WebAssembly, take the TypeScript path.
 *
 * @example
 * quantizeAffineFast(x.dataSync(), affineParams(0, 1));
 */
export function quantizeAffineFast(values: ArrayLike<number>, params: AffineInt8Params): Int8Array {
  const wasm = loadKernel();
  if (wasm === null || !(values instanceof Float32Array)) return quantizeAffine(values, params);
  const n = values.length;
  const xAt = wasm.base;
  const qAt = xAt + n * 4;
  const heap = reserve(wasm, qAt + n);
  new Float32Array(heap, xAt, n).set(values);
  wasm.quantize(xAt, qAt, n, 1 / params.scale, params.zeroPoint);
  return new Int8Array(heap, qAt, n).slice();
}

/** True when the WebAssembly SIMD kernel is in use. */
export function int8WasmAvailable(): boolean {
  return loadKernel() !== null;
}

/**
 * C[m, n] = Σ_k A[m, k] · B[n, k] in int32, with WebAssembly SIMD where available (else the
 * TypeScript reference, {@link int8MatmulTransposed}, whose contract this shares).
 *
 * @throws ValueError as {@link int8MatmulTransposed}.
 * @example
 * int8Matmul(new Int8Array([1, 2]), new Int8Array([3, 4, 5, 6]), 1, 2, 2); // Int32Array [11, 17]
 */
export function int8Matmul(a: Int8Array, b: Int8Array, m: number, n: number, k: number, out?: Int32Array): Int32Array {
  const wasm = loadKernel();
  if (wasm === null) return int8MatmulTransposed(a, b, m, n, k, out);
  if (a.length < m * k || b.length < n * k) {
    throw new ValueError(`int8Matmul: a must hold M·K = ${m * k} and b N·K = ${n * k} elements, got ${a.length} and ${b.length}`);
  }
  if (k > MAX_INT8_INNER) throw new ValueError(`int8Matmul: K must be at most ${MAX_INT8_INNER} so int32 sums cannot overflow, got ${k}`);
  const c = out ?? new Int32Array(m * n);
  if (c.length < m * n) throw new ValueError(`int8Matmul: out must hold M·N = ${m * n} elements, got ${c.length}`);
  const aAt = wasm.base;
  const bAt = aAt + ((m * k + 15) & ~15);
  const cAt = bAt + ((n * k + 15) & ~15);
  const heap = reserve(wasm, cAt + m * n * 4);
  new Int8Array(heap, aAt, m * k).set(a.subarray(0, m * k));
  new Int8Array(heap, bAt, n * k).set(b.subarray(0, n * k));
  wasm.gemm(aAt, bAt, cAt, m, n, k);
  c.set(new Int32Array(heap, cAt, m * n));
  return c;
}
