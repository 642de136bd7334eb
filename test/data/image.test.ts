import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encode as encodePng } from 'fast-png';
import { encode as encodeJpeg } from 'jpeg-js';
import { DataError, decodeImage, resizeBilinear, ValueError } from '../../src/index.js';

const close = (actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void => {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i]! - expected[i]!) <= tolerance, `index ${i}: ${actual[i]} vs ${expected[i]}`);
};

// A 2×3 RGB image (rows: red green blue / white black grey), 8-bit.
const RGB = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 128, 128, 128];

describe('PNG and JPEG decoding', () => {
  test('RGB PNG → float32 [3, H, W] in [0, 1], exactly', () => {
    const x = decodeImage(encodePng({ width: 3, height: 2, data: new Uint8Array(RGB), channels: 3, depth: 8 }));
    assert.deepEqual(x.shape, [3, 2, 3]);
    assert.equal(x.dtype, 'float32');
    const chw = [0, 1, 2].flatMap((c) => [0, 1, 2, 3, 4, 5].map((p) => RGB[p * 3 + c]! / 255));
    close(x.dataSync(), chw, 1e-7);
  });

  test("layout 'hwc' keeps pixels interleaved", () => {
    const x = decodeImage(encodePng({ width: 3, height: 2, data: new Uint8Array(RGB), channels: 3, depth: 8 }), { layout: 'hwc' });
    assert.deepEqual(x.shape, [2, 3, 3]);
    close(x.dataSync(), RGB.map((v) => v / 255), 1e-7);
  });

  test('grey PNG is replicated to RGB, or kept with channels: 1; RGB becomes grey by BT.601 luma', () => {
    const grey = encodePng({ width: 2, height: 1, data: new Uint8Array([0, 255]), channels: 1, depth: 8 });
    close(decodeImage(grey).dataSync(), [0, 1, 0, 1, 0, 1], 1e-7);
    assert.deepEqual(decodeImage(grey, { channels: 1 }).shape, [1, 1, 2]);
    const rgb = encodePng({ width: 3, height: 2, data: new Uint8Array(RGB), channels: 3, depth: 8 });
    close(decodeImage(rgb, { channels: 1 }).dataSync(), [0.299, 0.587, 0.114, 1, 0, 128 / 255], 1e-6);
  });

  test('RGBA PNG: alpha dropped for RGB, kept with channels: 4; 16-bit and 1-bit PNGs scale to [0, 1]', () => {
    const rgba = encodePng({ width: 1, height: 1, data: new Uint8Array([10, 20, 30, 51]), channels: 4, depth: 8 });
    close(decodeImage(rgba).dataSync(), [10 / 255, 20 / 255, 30 / 255], 1e-7);
    close(decodeImage(rgba, { channels: 4 }).dataSync(), [10 / 255, 20 / 255, 30 / 255, 0.2], 1e-7);
    const deep = encodePng({ width: 2, height: 1, data: new Uint16Array([0, 65535]), channels: 1, depth: 16 });
    close(decodeImage(deep, { channels: 1 }).dataSync(), [0, 1], 1e-7);
    const bits = encodePng({ width: 3, height: 2, data: new Uint8Array([0b10100000, 0b01000000]), channels: 1, depth: 1 });
    close(decodeImage(bits, { channels: 1 }).dataSync(), [1, 0, 1, 0, 1, 0], 0);
  });

  test('palette PNG is expanded through its palette', () => {
    const png = encodePng({ width: 2, height: 1, data: new Uint8Array([1, 0]), channels: 1, depth: 8, palette: [[255, 0, 0], [0, 0, 255]] });
    close(decodeImage(png, { layout: 'hwc' }).dataSync(), [0, 0, 1, 1, 0, 0], 1e-7);
  });

  test('JPEG round trip stays close (lossy) and a grey JPEG decodes', () => {
    const w = 16;
    const h = 8;
    const rgba = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgba.set([x * 16, y * 32, 100, 255], (y * w + x) * 4);
    const x = decodeImage(encodeJpeg({ width: w, height: h, data: rgba }, 95).data, { layout: 'hwc' });
    assert.deepEqual(x.shape, [h, w, 3]);
    const expected: number[] = [];
    for (let i = 0; i < w * h; i++) expected.push(rgba[i * 4]! / 255, rgba[i * 4 + 1]! / 255, rgba[i * 4 + 2]! / 255);
    close(x.dataSync(), expected, 0.06);
  });

  test('resize is bilinear with half-pixel centres (PyTorch align_corners=False)', () => {
    // 1×2 → 1×4: source positions −0.25, 0.25, 0.75, 1.25 → clamped and mixed.
    close(resizeBilinear([0, 1], 1, 2, 1, 1, 4), [0, 0.25, 0.75, 1], 1e-7);
    // 2×2 → 1×1 averages the four corners.
    close(resizeBilinear([0, 1, 2, 3], 2, 2, 1, 1, 1), [1.5], 1e-7);
    // Downscaling 4×4 by 2 averages 2×2 blocks.
    close(resizeBilinear([0, 0, 4, 4, 0, 0, 4, 4, 8, 8, 12, 12, 8, 8, 12, 12], 4, 4, 1, 2, 2), [0, 4, 8, 12], 1e-6);
    const png = encodePng({ width: 2, height: 1, data: new Uint8Array([0, 255]), channels: 1, depth: 8 });
    const x = decodeImage(png, { size: [1, 4], channels: 1 });
    assert.deepEqual(x.shape, [1, 1, 4]);
    close(x.dataSync(), [0, 0.25, 0.75, 1], 1e-6);
    assert.deepEqual(decodeImage(png, { size: 5 }).shape, [3, 5, 5]);
  });

  test('mean and std normalise each channel', () => {
    const png = encodePng({ width: 1, height: 1, data: new Uint8Array([255, 0, 51]), channels: 3, depth: 8 });
    close(decodeImage(png, { mean: [0.5, 0.5, 0.5], std: [0.5, 0.25, 0.1] }).dataSync(), [1, -2, -3], 1e-6);
  });

  test('bad input: DataError for unknown or corrupt files, ValueError for bad options', () => {
    assert.throws(() => decodeImage(new Uint8Array([1, 2, 3, 4])), (e: unknown) => e instanceof DataError && /not a PNG or JPEG file \(first bytes 01 02 03 04\)/.test(e.message));
    const png = encodePng({ width: 2, height: 2, data: new Uint8Array(4), channels: 1, depth: 8 });
    assert.throws(() => decodeImage(png.subarray(0, 30)), /the PNG is corrupt/);
    assert.throws(() => decodeImage(new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x01])), /the JPEG is corrupt/);
    assert.throws(() => decodeImage(png, { size: [0, 3] }), ValueError);
    assert.throws(() => decodeImage(png, { mean: [0.5] }), /mean has 1 values, expected one per channel \(3\)/);
  });
});
