/**
 * Fashion-MNIST for the Node workers, read straight from the IDX files with node:zlib, so that Sprout
 * and TensorFlow.js train on byte-identical inputs (the PyTorch worker parses the same files).
 * Falls back to seeded random data of the same shapes when the dataset is not installed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DataSource } from './protocol.js';
import { seededRandom } from '../src/data/seeded-random.js';

export interface Split {
  /** Images scaled to [0, 1], row-major [n, 28, 28] (the same bytes serve NCHW and NHWC with one channel). */
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly n: number;
}

export const PIXELS = 784;
export const CLASSES = 10;

function readIdx(path: string): { dims: number[]; bytes: Uint8Array } {
  const raw = gunzipSync(readFileSync(path));
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  // Magic 0x00 0x00 <type 0x08 = ubyte> <rank>, then rank big-endian uint32 dimensions.
  if (view.getUint16(0) !== 0 || raw[2] !== 0x08) throw new Error(`${path}: not an unsigned-byte IDX file`);
  const rank = raw[3]!;
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  return { dims, bytes: raw.subarray(4 + 4 * rank) };
}

function loadSplit(directory: string, prefix: 'train' | 't10k'): Split {
  const images = readIdx(join(directory, `${prefix}-images-idx3-ubyte.gz`));
  const labels = readIdx(join(directory, `${prefix}-labels-idx1-ubyte.gz`));
  const n = images.dims[0]!;
  const x = new Float32Array(n * PIXELS);
  for (let i = 0; i < x.length; i++) x[i] = images.bytes[i]! / 255;
  return { x, y: Int32Array.from(labels.bytes), n };
}

function randomSplit(n: number, seed: number): Split {
  const next = seededRandom(seed); // mulberry32: the random fallback is the same for every Node tool
  const x = new Float32Array(n * PIXELS);
  for (let i = 0; i < x.length; i++) x[i] = next();
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.floor(next() * CLASSES);
  return { x, y, n };
}

/** The training split, or only its first `limit` samples (throughput runs need a few batches). */
export function loadTrain(source: DataSource, limit?: number): Split {
  const split = source.kind === 'fashion-mnist' ? loadSplit(source.directory, 'train') : randomSplit(limit ?? 60000, 1);
  return limit === undefined || limit >= split.n ? split : { x: split.x.subarray(0, limit * PIXELS), y: split.y.subarray(0, limit), n: limit };
}

export function loadTest(source: DataSource): Split {
  return source.kind === 'fashion-mnist' ? loadSplit(source.directory, 't10k') : randomSplit(10000, 2);
}

/** Batch `index` (cycling) of `batch` consecutive samples: the training sets are already shuffled. */
export function batchOf(split: Split, batch: number, index: number): { x: Float32Array; y: Int32Array } {
  const batches = Math.floor(split.n / batch);
  const start = (index % batches) * batch;
  return { x: split.x.subarray(start * PIXELS, (start + batch) * PIXELS), y: split.y.subarray(start, start + batch) };
}

/** How many distinct batches throughput runs cycle through: enough to defeat caching of one batch. */
export const THROUGHPUT_BATCHES = 8;
