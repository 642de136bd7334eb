/**
 * Bilinear resizing of an interleaved image. Shape legend: `H×W` spatial, `C` channels; pixels are
 * stored [H, W, C] row-major.
 *
 * Sampling follows PyTorch's `interpolate(mode='bilinear', align_corners=False)` without
 * antialiasing: output pixel (y, x) looks at source position ((y + ½)·H/H' − ½, (x + ½)·W/W' − ½),
 * clamped to the image, and mixes the four neighbours by distance.
 */
import { ValueError } from '../core/index.js';

/**
 * Resizes an [H, W, C] image to [outHeight, outWidth, C].
 *
 * @param pixels The source, [H, W, C] row-major.
 * @param height Source height H.
 * @param width Source width W.
 * @param channels Channels C.
 * @param outHeight Target height.
 * @param outWidth Target width.
 * @throws ValueError for sizes that are not positive integers or a buffer of the wrong length.
 * @example
 * const small = resizeBilinear(rgb, 480, 640, 3, 32, 32); // Float32Array of 32·32·3
 */
export function resizeBilinear(pixels: ArrayLike<number>, height: number, width: number, channels: number, outHeight: number, outWidth: number): Float32Array {
  for (const [name, v] of [
    ['height', height],
    ['width', width],
    ['channels', channels],
    ['outHeight', outHeight],
    ['outWidth', outWidth],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ValueError(`resizeBilinear: ${name} must be a positive integer, got ${v}`);
  }
  if (pixels.length !== height * width * channels) {
    throw new ValueError(`resizeBilinear: pixels has ${pixels.length} values, expected ${height}·${width}·${channels} = ${height * width * channels}`);
  }
  const out = new Float32Array(outHeight * outWidth * channels);
  if (outHeight === height && outWidth === width) {
    for (let i = 0; i < out.length; i++) out[i] = pixels[i]!;
    return out;
  }
  const scaleY = height / outHeight;
  const scaleX = width / outWidth;
  // Horizontal neighbours and weights are the same for every row: compute them once.
  const x0s = new Int32Array(outWidth);
  const x1s = new Int32Array(outWidth);
  const wxs = new Float32Array(outWidth);
  for (let x = 0; x < outWidth; x++) {
    const sx = Math.max(0, (x + 0.5) * scaleX - 0.5);
    const x0 = Math.min(Math.floor(sx), width - 1);
    x0s[x] = x0;
    x1s[x] = Math.min(x0 + 1, width - 1);
    wxs[x] = sx - x0;
  }
  for (let y = 0; y < outHeight; y++) {
    const sy = Math.max(0, (y + 0.5) * scaleY - 0.5);
    const y0 = Math.min(Math.floor(sy), height - 1);
    const y1 = Math.min(y0 + 1, height - 1);
    const wy = sy - y0;
    for (let x = 0; x < outWidth; x++) {
      const wx = wxs[x]!;
      const a = (y0 * width + x0s[x]!) * channels;
      const b = (y0 * width + x1s[x]!) * channels;
      const c = (y1 * width + x0s[x]!) * channels;
      const d = (y1 * width + x1s[x]!) * channels;
      const o = (y * outWidth + x) * channels;
      for (let k = 0; k < channels; k++) {
        const top = pixels[a + k]! * (1 - wx) + pixels[b + k]! * wx;
        const bottom = pixels[c + k]! * (1 - wx) + pixels[d + k]! * wx;
        out[o + k] = top * (1 - wy) + bottom * wy;
      }
    }
  }
  return out;
}
