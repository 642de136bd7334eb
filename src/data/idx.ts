/**
 * The IDX format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian header — two zero bytes,
 * a type code, the number of dimensions, then each dimension as a u32 — followed by the values in
 * row-major order. Files are often gzip-compressed; {@link decodeIdx} unpacks them with the
 * platform's DecompressionStream, so this runs in Node and browsers alike.
 */
import { DataError, tensor, type Tensor } from '../core/index.js';

const TYPES: Record<number, { bytes: number; read: (view: DataView, at: number) => number; dtype: 'int32' | 'float32' | 'float64' }> = {
  0x08: { bytes: 1, read: (v, at) => v.getUint8(at), dtype: 'int32' },
  0x09: { bytes: 1, read: (v, at) => v.getInt8(at), dtype: 'int32' },
  0x0b: { bytes: 2, read: (v, at) => v.getInt16(at, false), dtype: 'int32' },
  0x0c: { bytes: 4, read: (v, at) => v.getInt32(at, false), dtype: 'int32' },
  0x0d: { bytes: 4, read: (v, at) => v.getFloat32(at, false), dtype: 'float32' },
  0x0e: { bytes: 8, read: (v, at) => v.getFloat64(at, false), dtype: 'float64' },
};

/** True when the bytes start with the gzip magic number. */
function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  try {
    const stream = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new DataError(`decodeIdx: the gzip data is corrupt or truncated (${(error as Error).message})`);
  }
}

/**
 * Parses an IDX file (gzip-compressed or not) into a tensor: unsigned bytes, signed bytes, shorts
 * and ints give int32; floats and doubles give float32 and float64.
 *
 * @throws DataError for a bad magic number, an unknown type code or a length that does not match.
 * @example
 * const images = await decodeIdx(readFileSync('train-images-idx3-ubyte.gz')); // [60000, 28, 28]
 */
export async function decodeIdx(input: Uint8Array): Promise<Tensor> {
  const bytes = isGzip(input) ? await gunzip(input) : input;
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataError('decodeIdx: not an IDX file (the first two bytes must be zero)');
  }
  const type = TYPES[bytes[2]!];
  if (type === undefined) throw new DataError(`decodeIdx: unknown IDX type code 0x${bytes[2]!.toString(16)}`);
  const rank = bytes[3]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 + 4 * rank) throw new DataError(`decodeIdx: the header promises ${rank} dimensions but the file ends first`);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((p, d) => p * d, 1);
  const start = 4 + 4 * rank;
  const expected = start + count * type.bytes;
  if (bytes.length !== expected) {
    throw new DataError(`decodeIdx: shape [${shape.join(', ')}] needs ${expected} bytes, the file has ${bytes.length}`);
  }
  if (bytes[2] === 0x08) return tensor(bytes.subarray(start), { shape, dtype: 'int32' });
  const values = type.dtype === 'int32' ? new Int32Array(count) : type.dtype === 'float32' ? new Float32Array(count) : new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = type.read(view, start + i * type.bytes);
  return tensor(values, { shape, dtype: type.dtype });
}
