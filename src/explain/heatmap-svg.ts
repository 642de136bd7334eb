/**
 * heatmapSvg: an attribution map over an image as SVG — one square per pixel, coloured by
 * {@link attributionColor}, optionally drawn over the image in grey so the map can be read against
 * what the network saw. Hand-written SVG: no dependency, and the file opens in any browser.
 */
import { ValueError } from '../core/index.js';
import { attributionColor, escapeXml, formatValue, greyLevels, hexColor, maxAbs, overlayWeight } from './color-scale.js';

/** Options of {@link heatmapSvg}. */
export interface HeatmapSvgOptions {
  /** The image under the map, H×W grey values (any range; drawn min-to-max as black-to-white). */
  readonly image?: ArrayLike<number>;
  /** Side of one pixel's square in SVG units (default 12). */
  readonly cellSize?: number;
  /** Opacity of the strongest attribution over the image (default 0.8 with an image, 1 without); weaker ones are more transparent. */
  readonly opacity?: number;
  readonly title?: string;
}

/**
 * Draws an H×W attribution map.
 *
 * @param values H·W attributions, row-major.
 * @throws ValueError when values or image do not hold H·W numbers.
 * @example
 * const svg = heatmapSvg(result.heatMap, 28, 28, { image: pixels, title: 'occlusion' });
 */
export function heatmapSvg(values: ArrayLike<number>, height: number, width: number, options: HeatmapSvgOptions = {}): string {
  if (values.length !== height * width) throw new ValueError(`heatmapSvg: values must hold height·width = ${height * width} numbers, got ${values.length}`);
  if (options.image !== undefined && options.image.length !== height * width) throw new ValueError(`heatmapSvg: image must hold ${height * width} grey values, got ${options.image.length}`);
  const cell = options.cellSize ?? 12;
  const top = options.title === undefined ? 0 : 20;
  const legend = 24;
  const w = width * cell;
  const h = top + height * cell + legend;
  const limit = maxAbs(values);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="11">`];
  if (options.title !== undefined) parts.push(`<text x="2" y="14">${escapeXml(options.title)}</text>`);
  if (options.image !== undefined) {
    const grey = greyLevels(options.image);
    parts.push('<g class="image">');
    for (let i = 0; i < height; i++) {
      for (let j = 0; j < width; j++) {
        const v = Math.round(grey[i * width + j]!);
        parts.push(`<rect x="${j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${hexColor([v, v, v])}"/>`);
      }
    }
    parts.push('</g>');
  }
  const opacity = options.opacity ?? (options.image === undefined ? 1 : 0.8);
  parts.push('<g class="heatmap">');
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      const v = values[i * width + j]!;
      const alpha = options.image === undefined ? opacity : opacity * overlayWeight(v, limit);
      parts.push(`<rect class="cell" x="${j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${hexColor(attributionColor(v, limit))}" fill-opacity="${alpha.toFixed(3)}"><title>(${i}, ${j}): ${formatValue(v)}</title></rect>`);
    }
  }
  parts.push('</g>');
  parts.push(`<text x="2" y="${h - 8}">scale: ±${formatValue(limit)} (red raises the output, blue lowers it)</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
