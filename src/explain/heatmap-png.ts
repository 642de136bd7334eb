/**
 * heatmapPng: an attribution map as a PNG image (fast-png, pure JavaScript, so it runs in browsers
 * too), each map pixel blown up to a `scale`×`scale` block so a 28×28 map is visible, optionally
 * blended over the grey image it explains (strong attributions opaque, weak ones letting the image
 * through).
 */
import { encode } from 'fast-png';
import { ValueError } from '../core/index.js';
import { attributionColor, greyLevels, maxAbs, overlayWeight } from './color-scale.js';

/** Options of {@link heatmapPng}. */
export interface HeatmapPngOptions {
  /** Output pixels per map pixel (default 8). */
  readonly scale?: number;
  /** The image under the map, H×W grey values (any range). */
  readonly image?: ArrayLike<number>;
  /** Weight of the strongest attribution over the image (default 0.8 with an image). */
  readonly opacity?: number;
}

/**
 * Encodes an H×W attribution map as an RGBA PNG of (H·scale)×(W·scale) pixels.
 *
 * @returns The PNG file's bytes.
 * @throws ValueError for sizes that do not match or a bad scale.
 * @example
 * await writeFile('map.png', heatmapPng(result.heatMap, 28, 28, { image: pixels }));
 */
export function heatmapPng(values: ArrayLike<number>, height: number, width: number, options: HeatmapPngOptions = {}): Uint8Array {
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) throw new ValueError(`heatmapPng: height and width must be positive integers, got ${height}×${width}`);
  if (values.length !== height * width) throw new ValueError(`heatmapPng: values must hold height·width = ${height * width} numbers, got ${values.length}`);
  const scale = options.scale ?? 8;
  if (!Number.isInteger(scale) || scale < 1 || scale > 64) throw new ValueError(`heatmapPng: scale must be an integer in 1 … 64, got ${scale}`);
  const image = options.image;
  if (image !== undefined && image.length !== height * width) throw new ValueError(`heatmapPng: image must hold ${height * width} grey values, got ${image.length}`);
  const grey = image === undefined ? null : greyLevels(image);
  const alpha = image === undefined ? 1 : (options.opacity ?? 0.8);
  const limit = maxAbs(values);
  const outW = width * scale;
  const data = new Uint8Array(height * scale * outW * 4);
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      const colour = attributionColor(values[i * width + j]!, limit);
      const under = grey === null ? 0 : grey[i * width + j]!;
      const a = grey === null ? 1 : alpha * overlayWeight(values[i * width + j]!, limit);
      const rgb = colour.map((c) => Math.round(a * c + (1 - a) * under));
      for (let di = 0; di < scale; di++) {
        for (let dj = 0; dj < scale; dj++) {
          const p = ((i * scale + di) * outW + j * scale + dj) * 4;
          data[p] = rgb[0]!;
          data[p + 1] = rgb[1]!;
          data[p + 2] = rgb[2]!;
          data[p + 3] = 255;
        }
      }
    }
  }
  return encode({ width: outW, height: height * scale, data, channels: 4, depth: 8 });
}
