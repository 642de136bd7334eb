/**
 * PNG and JPEG decoding to a float tensor, with channel conversion, bilinear resizing and
 * normalisation. Shape legend: `C` channels, `H×W` spatial.
 *
 * Decoders are pure JavaScript npm packages, so this runs in Node and browsers alike: `fast-png`
 * (every PNG colour type and bit depth, palettes, 16-bit) and `jpeg-js` (baseline and progressive
 * JPEG).
 */
import { convertIndexedToRgb, decode as decodePng, type DecodedPng } from 'fast-png';
import { decode as decodeJpeg } from 'jpeg-js';
import { DataError, tensor, ValueError, type Tensor } from '../core/index.js';
import { resizeBilinear } from './resize-bilinear.js';

/** Options of {@link decodeImage}. */
export interface ImageOptions {
  /** Output size: `[height, width]`, or one number for a square (default: the image's own size). */
  readonly size?: number | readonly [number, number];
  /**
   * Output channels (default 3): 1 grey, 3 RGB, 4 RGBA. Grey is replicated to RGB; RGB becomes
   * grey by ITU-R BT.601 luma (0.299 R + 0.587 G + 0.114 B); alpha is dropped (as PIL's
   * `convert('RGB')` does) or, when asked for and absent, filled with 1.
   */
  readonly channels?: 1 | 3 | 4;
  /** `'chw'` gives [C, H, W] (default; what conv2d takes), `'hwc'` gives [H, W, C]. */
  readonly layout?: 'chw' | 'hwc';
  /** Per-channel mean subtracted after scaling to [0, 1] (e.g. ImageNet's [0.485, 0.456, 0.406]). */
  readonly mean?: readonly number[];
  /** Per-channel standard deviation divided by after subtracting `mean`. */
  readonly std?: readonly number[];
}

/** An image as floats in [0, 1], interleaved [H, W, C]. */
interface Pixels {
  readonly data: Float32Array;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** True for the PNG signature (\x89PNG). */
function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
}

/** True for a JPEG start-of-image marker (FF D8 FF). */
function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

function pngPixels(bytes: Uint8Array): Pixels {
  let png: DecodedPng;
  try {
    png = decodePng(bytes);
  } catch (error) {
    throw new DataError(`decodeImage: the PNG is corrupt (${(error as Error).message})`);
  }
  const { width, height } = png;
  const count = width * height;
  if (png.palette !== undefined) {
    const rgb = convertIndexedToRgb(png);
    const channels = rgb.length / count;
    return { data: Float32Array.from(rgb, (v) => v / 255), height, width, channels };
  }
  const channels = png.channels;
  const max = 2 ** png.depth - 1;
  const data = new Float32Array(count * channels);
  if (png.depth >= 8) {
    for (let i = 0; i < data.length; i++) data[i] = png.data[i]! / max;
  } else {
    // 1-, 2- and 4-bit grey: samples are packed high bit first, each row starting on a new byte.
    const depth = png.depth;
    const rowBytes = Math.ceil((width * channels * depth) / 8);
    const mask = max;
    for (let y = 0; y < height; y++) {
      for (let s = 0; s < width * channels; s++) {
        const bit = s * depth;
        const byte = png.data[y * rowBytes + (bit >> 3)]!;
        data[y * width * channels + s] = ((byte >> (8 - depth - (bit & 7))) & mask) / max;
      }
    }
  }
  return { data, height, width, channels };
}

function jpegPixels(bytes: Uint8Array): Pixels {
  try {
    // jpeg-js always returns RGB when not asked for RGBA; grey JPEGs come back with R = G = B.
    const image = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: false });
    return { data: Float32Array.from(image.data, (v) => v / 255), height: image.height, width: image.width, channels: 3 };
  } catch (error) {
    throw new DataError(`decodeImage: the JPEG is corrupt or unsupported (${(error as Error).message})`);
  }
}

function convertChannels(pixels: Pixels, target: number): Pixels {
  const { data, height, width, channels } = pixels;
  if (channels === target) return pixels;
  const count = height * width;
  const out = new Float32Array(count * target);
  const hasAlpha = channels === 2 || channels === 4;
  for (let i = 0; i < count; i++) {
    const s = i * channels;
    const o = i * target;
    const grey = channels <= 2;
    const r = data[s]!;
    const g = grey ? r : data[s + 1]!;
    const b = grey ? r : data[s + 2]!;
    const alpha = hasAlpha ? data[s + channels - 1]! : 1;
    if (target === 1) {
      out[o] = grey ? r : 0.299 * r + 0.587 * g + 0.114 * b;
    } else {
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      if (target === 4) out[o + 3] = alpha;
    }
  }
  return { data: out, height, width, channels: target };
}

function targetSize(size: ImageOptions['size'], pixels: Pixels): [number, number] {
  if (size === undefined) return [pixels.height, pixels.width];
  const [h, w] = typeof size === 'number' ? [size, size] : size;
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1) {
    throw new ValueError(`decodeImage: size must be positive integers [height, width], got ${JSON.stringify(size)}`);
  }
  return [h, w];
}

function perChannel(name: string, values: readonly number[] | undefined, channels: number, fallback: number): number[] {
  if (values === undefined) return new Array<number>(channels).fill(fallback);
  if (values.length !== channels) throw new ValueError(`decodeImage: ${name} has ${values.length} values, expected one per channel (${channels})`);
  if (name === 'std' && values.some((v) => !(v > 0))) throw new ValueError(`decodeImage: std must be positive, got [${values.join(', ')}]`);
  return [...values];
}

/**
 * Decodes a PNG or JPEG (recognised by its first bytes) into a float32 tensor with values in
 * [0, 1] — then `(x − mean) / std` per channel when those are given — converted to `channels`,
 * resized bilinearly to `size`, laid out [C, H, W] (default) or [H, W, C].
 *
 * @param bytes The file's bytes.
 * @param options Size, channels, layout, normalisation.
 * @throws DataError for bytes that are neither PNG nor JPEG, or a corrupt file.
 * @throws ValueError for a bad size, channel count, layout, mean or std.
 * @example
 * const x = decodeImage(bytes, { size: [32, 32] });          // float32 [3, 32, 32] in [0, 1]
 * const g = decodeImage(bytes, { channels: 1, layout: 'hwc' }); // float32 [H, W, 1]
 */
export function decodeImage(bytes: Uint8Array, options: ImageOptions = {}): Tensor {
  const channels = options.channels ?? 3;
  if (channels !== 1 && channels !== 3 && channels !== 4) throw new ValueError(`decodeImage: channels must be 1, 3 or 4, got ${String(channels)}`);
  const layout = options.layout ?? 'chw';
  if (layout !== 'chw' && layout !== 'hwc') throw new ValueError(`decodeImage: layout must be 'chw' or 'hwc', got ${String(layout)}`);
  const mean = perChannel('mean', options.mean, channels, 0);
  const std = perChannel('std', options.std, channels, 1);
  let decoded: Pixels;
  if (isPng(bytes)) decoded = pngPixels(bytes);
  else if (isJpeg(bytes)) decoded = jpegPixels(bytes);
  else throw new DataError(`decodeImage: not a PNG or JPEG file (first bytes ${[...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ')})`);
  const [height, width] = targetSize(options.size, decoded);
  const converted = convertChannels(decoded, channels);
  const resized = resizeBilinear(converted.data, converted.height, converted.width, channels, height, width);
  const count = height * width;
  const out = layout === 'hwc' ? resized : new Float32Array(resized.length);
  for (let i = 0; i < count; i++) {
    for (let c = 0; c < channels; c++) {
      const v = (resized[i * channels + c]! - mean[c]!) / std[c]!;
      out[layout === 'hwc' ? i * channels + c : c * count + i] = v;
    }
  }
  return tensor(out, { shape: layout === 'hwc' ? [height, width, channels] : [channels, height, width] });
}
