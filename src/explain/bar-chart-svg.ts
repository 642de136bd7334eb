/**
 * barChartSvg: feature attributions or importances as a horizontal bar chart in SVG, one bar per
 * feature from a shared zero line (negative values to the left), with the value printed beside each
 * bar and an optional error whisker (± one standard deviation of permutation repeats).
 */
import { ValueError } from '../core/index.js';
import { attributionColor, escapeXml, formatValue, hexColor, maxAbs } from './color-scale.js';

/** One bar. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Half-length of an error whisker (e.g. a standard deviation). */
  readonly error?: number;
}

/** Options of {@link barChartSvg}. */
export interface BarChartSvgOptions {
  readonly title?: string;
  /** Width of the plotting area in SVG units (default 360). */
  readonly width?: number;
}

/**
 * Draws bars in the order given (sort them first for a ranking).
 *
 * @throws ValueError for an empty list.
 * @example
 * const svg = barChartSvg(features.map((f) => ({ label: f.name, value: f.mean, error: f.std })), { title: 'permutation importance' });
 */
export function barChartSvg(bars: readonly Bar[], options: BarChartSvgOptions = {}): string {
  if (bars.length === 0) throw new ValueError('barChartSvg: bars must not be empty');
  const rowHeight = 18;
  const labelWidth = Math.min(240, 8 + 6.5 * Math.max(...bars.map((b) => b.label.length)));
  const plot = options.width ?? 360;
  const valueWidth = 70;
  const top = options.title === undefined ? 6 : 24;
  const hasNegative = bars.some((b) => b.value < 0);
  const limit = maxAbs(bars.map((b) => Math.abs(b.value) + (b.error ?? 0)));
  const zero = labelWidth + (hasNegative ? plot / 2 : 0);
  const scale = (hasNegative ? plot / 2 : plot) / limit;
  const w = labelWidth + plot + valueWidth;
  const h = top + bars.length * rowHeight + 6;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="11">`];
  if (options.title !== undefined) parts.push(`<text x="4" y="15" font-weight="bold">${escapeXml(options.title)}</text>`);
  bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    const length = Math.abs(bar.value) * scale;
    const x = bar.value < 0 ? zero - length : zero;
    const colour = hexColor(attributionColor(bar.value < 0 ? -1 : 1, 1.25));
    parts.push(`<text x="${labelWidth - 6}" y="${y + 12}" text-anchor="end">${escapeXml(bar.label)}</text>`);
    parts.push(`<rect class="bar" x="${x.toFixed(2)}" y="${y + 2}" width="${length.toFixed(2)}" height="${rowHeight - 4}" fill="${colour}"><title>${escapeXml(bar.label)}: ${formatValue(bar.value)}</title></rect>`);
    if (bar.error !== undefined && bar.error > 0) {
      const end = zero + bar.value * scale;
      parts.push(`<line class="error" x1="${(end - bar.error * scale).toFixed(2)}" x2="${(end + bar.error * scale).toFixed(2)}" y1="${y + rowHeight / 2}" y2="${y + rowHeight / 2}" stroke="#333"/>`);
    }
    parts.push(`<text x="${labelWidth + plot + 4}" y="${y + 12}">${formatValue(bar.value)}</text>`);
  });
  parts.push(`<line x1="${zero}" x2="${zero}" y1="${top}" y2="${h - 6}" stroke="#333"/>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
