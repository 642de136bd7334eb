/**
 * The safetensors format (Hugging Face): how Sprout stores weights, so other tools can read them.
 *
 *   [8 bytes: header length n, little-endian u64][n bytes: JSON header][raw little-endian data]
 *
 * The header maps each tensor name to {dtype, shape, data_offsets: [begin, end]} (offsets relative
 * to the data section) plus an optional "__metadata__" object of strings. Reading validates every
 * field and never evaluates anything from the file: a malformed file raises ModelFormatError with
 * the reason.
 */
import { type DType, ModelFormatError, type Tensor, tensor, ValueError } from '../core/index.js';

/** Tensors by name plus string metadata, as stored in one safetensors file. */
export interface SafetensorsContent {
  readonly tensors: Map<string, Tensor>;
  readonly metadata: Record<string, string>;
}

const STORED: Record<DType, string> = { float32: 'F32', float64: 'F64', int32: 'I32', bool: 'BOOL' };
const BYTES: Record<string, number> = { F32: 4, F64: 8, I32: 4, BOOL: 1, F16: 2, BF16: 2, I64: 8, I8: 1, U8: 1, I16: 2 };
/** Largest header accepted: large enough for any real model's tensor index, small enough to refuse junk. */
const MAX_HEADER_BYTES = 100 * 2 ** 20;
/** Typed arrays use the host's byte order and the format is little-endian, as every host Sprout targets. */
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function assertLittleEndian(): void {
  if (!HOST_IS_LITTLE_ENDIAN) throw new ModelFormatError('safetensors: this host is big-endian, which Sprout does not support');
}

/** Options of {@link encodeSafetensors}. */
export interface EncodeSafetensorsOptions {
  /**
   * Tensors to store as I8 (one byte per element) by name: each must be int32 with every value in
   * [−128, 127]. They load back as int32 (quantised weights use this; Sprout has no int8 dtype).
   */
  readonly int8?: ReadonlySet<string>;
}

/**
 * Serialises tensors (and optional string metadata) to safetensors bytes. Tensors are written in
 * name order with the header padded to 8 bytes so readers can map the data aligned.
 *
 * @throws ModelFormatError for a tensor named '__metadata__'; ValueError when a tensor listed in
 *   `options.int8` is missing, not int32, or holds a value outside [−128, 127].
 * @example
 * const bytes = encodeSafetensors(model.stateDict(), { format: 'sprout' });
 */
export function encodeSafetensors(
  tensors: ReadonlyMap<string, Tensor>,
  metadata: Record<string, string> = {},
  options: EncodeSafetensorsOptions = {},
): Uint8Array {
  assertLittleEndian();
  const names = [...tensors.keys()].sort();
  const int8 = options.int8 ?? new Set<string>();
  for (const name of int8) {
    if (!tensors.has(name)) throw new ValueError(`encodeSafetensors: options.int8 names '${name}', which is not among the tensors`);
  }
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header['__metadata__'] = metadata;
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const name of names) {
    if (name === '__metadata__') throw new ModelFormatError("encodeSafetensors: '__metadata__' is reserved and cannot name a tensor");
    const t = tensors.get(name)!;
    const values = t.dataSync();
    const narrow = int8.has(name);
    const bytes = narrow ? narrowToInt8(name, t, values) : new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
    header[name] = { dtype: narrow ? 'I8' : STORED[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const spaced = new Uint8Array(padded).fill(0x20);
    spaced.set(json);
    json = spaced;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** The bytes of an int32 tensor stored as I8, after checking that every value fits. */
function narrowToInt8(name: string, t: Tensor, values: ArrayLike<number>): Uint8Array {
  if (t.dtype !== 'int32') throw new ValueError(`encodeSafetensors: tensor '${name}' is listed in options.int8 and must be int32, got ${t.dtype}`);
  const out = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < -128 || v > 127) throw new ValueError(`encodeSafetensors: tensor '${name}' is listed in options.int8 but holds ${v} at element ${i}, outside [-128, 127]`);
    out[i] = v;
  }
  return new Uint8Array(out.buffer);
}

function fail(reason: string): never {
  throw new ModelFormatError(`safetensors: ${reason}`);
}

/**
 * Parses safetensors bytes. F32, F64, I32 and BOOL load as themselves; F16, BF16 widen to float32;
 * I8, U8, I16 and I64 (when every value fits) load as int32.
 *
 * @throws ModelFormatError for a truncated or malformed file, naming what is wrong.
 * @example
 * const { tensors, metadata } = decodeSafetensors(bytes);
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsContent {
  assertLittleEndian();
  if (!(bytes instanceof Uint8Array)) fail(`expected a Uint8Array, got ${typeof bytes}`);
  if (bytes.length < 8) fail(`file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - 8))) {
    fail(`header length ${headerLength} does not fit in a file of ${bytes.length} bytes`);
  }
  const n = Number(headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (error) {
    fail(`header is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header must be a JSON object');
  const data = bytes.subarray(8 + n);
  const metadata: Record<string, string> = {};
  const tensors = new Map<string, Tensor>();
  const spans: [number, number, string][] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail('__metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`__metadata__.${k} must be a string, got ${typeof v}`);
        metadata[k] = v;
      }
      continue;
    }
    const { dtype, shape, begin, end } = readEntry(name, entry, data.length);
    spans.push([begin, end, name]);
    tensors.set(name, decodeTensor(name, dtype, shape, data.subarray(begin, end)));
  }
  // The data section must be covered exactly once: no overlaps, no gaps, nothing trailing.
  spans.sort((a, b) => a[0] - b[0]);
  let covered = 0;
  for (const [begin, end, name] of spans) {
    if (begin !== covered) fail(`tensor '${name}' starts at byte ${begin}, expected ${covered} (gap or overlap in the data)`);
    covered = end;
  }
  if (covered !== data.length) fail(`data section has ${data.length} bytes but the tensors cover ${covered}`);
  return { tensors, metadata };
}

function readEntry(name: string, entry: unknown, dataLength: number): { dtype: string; shape: number[]; begin: number; end: number } {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail(`entry '${name}' must be an object`);
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
  if (typeof dtype !== 'string' || BYTES[dtype] === undefined) {
    fail(`tensor '${name}' has unsupported dtype ${JSON.stringify(dtype)}; supported: ${Object.keys(BYTES).join(', ')}`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    fail(`tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0)) {
    fail(`tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLength) fail(`tensor '${name}' spans bytes [${begin}, ${end}) outside the data section of ${dataLength} bytes`);
  const elements = (shape as number[]).reduce((p, d) => p * d, 1);
  if (elements * BYTES[dtype]! !== end - begin) {
    fail(`tensor '${name}' of shape [${(shape as number[]).join(', ')}] and dtype ${dtype} needs ${elements * BYTES[dtype]!} bytes, has ${end - begin}`);
  }
  return { dtype, shape: shape as number[], begin, end };
}

function decodeTensor(name: string, dtype: string, shape: number[], raw: Uint8Array): Tensor {
  // Copy into an aligned buffer: the data section need not start at a multiple of 8.
  // Uint8Array.prototype.slice copies even for a Node Buffer, whose own slice() is a view into a shared pool.
  const aligned = Uint8Array.prototype.slice.call(raw).buffer;
  const view = new DataView(aligned);
  const count = shape.reduce((p, d) => p * d, 1);
  switch (dtype) {
    case 'F32':
      return tensor(new Float32Array(aligned), { shape, dtype: 'float32' });
    case 'F64':
      return tensor(new Float64Array(aligned), { shape, dtype: 'float64' });
    case 'I32':
      return tensor(new Int32Array(aligned), { shape, dtype: 'int32' });
    case 'BOOL':
      return tensor(new Uint8Array(aligned), { shape, dtype: 'bool' });
    case 'U8':
      return tensor(new Uint8Array(aligned), { shape, dtype: 'int32' });
    case 'I8':
      return tensor(new Int8Array(aligned), { shape, dtype: 'int32' });
    case 'I16':
      return tensor(new Int16Array(aligned), { shape, dtype: 'int32' });
    case 'I64': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const v = view.getBigInt64(i * 8, true);
        if (v > 2147483647n || v < -2147483648n) fail(`tensor '${name}' (I64) holds ${v}, outside the int32 range Sprout supports`);
        out[i] = Number(v);
      }
      return tensor(out, { shape, dtype: 'int32' });
    }
    case 'F16':
    case 'BF16': {
      const out = new Float32Array(count);
      // bfloat16 is the top half of a float32: shift its bits into place and reinterpret.
      const bits = new Uint32Array(1);
      const asFloat = new Float32Array(bits.buffer);
      for (let i = 0; i < count; i++) {
        const half = view.getUint16(i * 2, true);
        if (dtype === 'F16') out[i] = halfToFloat(half);
        else {
          bits[0] = half << 16;
          out[i] = asFloat[0]!;
        }
      }
      return tensor(out, { shape, dtype: 'float32' });
    }
    default:
      return fail(`tensor '${name}' has unsupported dtype ${dtype}`);
  }
}

/** IEEE 754 binary16 → number. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
