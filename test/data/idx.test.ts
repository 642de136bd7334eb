import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DataError, decodeIdx } from '../../src/index.js';

function idx(type: number, shape: number[], body: number[], width: number, write: (v: DataView, at: number, x: number) => void): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + body.length * width);
  const view = new DataView(out.buffer);
  out[2] = type;
  out[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  body.forEach((x, i) => write(view, 4 + 4 * shape.length + i * width, x));
  return out;
}

describe('IDX', () => {
  test('decodes unsigned bytes, big-endian ints and floats, gzip-compressed or not', async () => {
    const bytes = idx(0x08, [2, 3], [0, 1, 2, 253, 254, 255], 1, (v, at, x) => v.setUint8(at, x));
    assert.deepEqual((await decodeIdx(bytes)).toArray(), [[0, 1, 2], [253, 254, 255]]);
    assert.deepEqual((await decodeIdx(gzipSync(bytes))).toArray(), [[0, 1, 2], [253, 254, 255]]);
    const ints = idx(0x0c, [2], [-5, 70000], 4, (v, at, x) => v.setInt32(at, x, false));
    assert.deepEqual((await decodeIdx(ints)).toArray(), [-5, 70000]);
    const floats = idx(0x0d, [2], [0.5, -2], 4, (v, at, x) => v.setFloat32(at, x, false));
    const decoded = await decodeIdx(floats);
    assert.equal(decoded.dtype, 'float32');
    assert.deepEqual(decoded.toArray(), [0.5, -2]);
  });

  test('malformed files raise DataError with the reason', async () => {
    await assert.rejects(decodeIdx(new Uint8Array([1, 0, 8, 1])), (e: unknown) => e instanceof DataError && /first two bytes must be zero/.test(e.message));
    await assert.rejects(decodeIdx(new Uint8Array([0, 0, 0x42, 1])), /unknown IDX type code 0x42/);
    const short = idx(0x08, [4], [1, 2, 3, 4], 1, (v, at, x) => v.setUint8(at, x)).subarray(0, 10);
    await assert.rejects(decodeIdx(short), /needs 12 bytes, the file has 10/);
    await assert.rejects(decodeIdx(gzipSync(short).subarray(0, 15)), /gzip data is corrupt or truncated/);
  });

  const labels = '/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz';
  test('reads the Fashion-MNIST test labels from the Debian package', { skip: existsSync(labels) ? false : `${labels} is absent: apt-get install -y dataset-fashion-mnist` }, async () => {
    const y = await decodeIdx(readFileSync(labels));
    assert.deepEqual(y.shape, [10000]);
    const counts = new Array<number>(10).fill(0);
    for (const label of y.dataSync()) counts[label]!++;
    assert.deepEqual(counts, new Array<number>(10).fill(1000));
  });
});
