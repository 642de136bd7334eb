/**
 * tokenHighlightSvg: text with each token's background coloured by its score (an attribution or an
 * attention weight), wrapped into lines — the usual way to show which words a text model relied on.
 * Token widths are estimated from a monospace font, so the layout needs no text measuring.
 */
import { ValueError } from '../core/index.js';
import { attributionColor, escapeXml, formatValue, hexColor, maxAbs } from './color-scale.js';

/** Options of {@link tokenHighlightSvg}. */
export interface TokenHighlightSvgOptions {
  readonly title?: string;
  /** Line width in SVG units before wrapping (default 560). */
  readonly width?: number;
}

/**
 * Draws tokens with score-coloured backgrounds.
 *
 * @throws ValueError when tokens and scores differ in length.
 * @example
 * const svg = tokenHighlightSvg(['refund', 'my', 'order'], [0.8, 0.01, 0.3], { title: 'attention to [CLS]' });
 */
export function tokenHighlightSvg(tokens: readonly string[], scores: ArrayLike<number>, options: TokenHighlightSvgOptions = {}): string {
  if (tokens.length !== scores.length) throw new ValueError(`tokenHighlightSvg: scores must have one value per token (${tokens.length}), got ${scores.length}`);
  const charWidth = 7.8;
  const lineHeight = 22;
  const maxWidth = options.width ?? 560;
  const top = options.title === undefined ? 4 : 24;
  const limit = maxAbs(scores);
  const placed: string[] = [];
  let x = 4;
  let y = top;
  tokens.forEach((token, i) => {
    const w = token.length * charWidth + 8;
    if (x + w > maxWidth && x > 4) {
      x = 4;
      y += lineHeight;
    }
    const fill = hexColor(attributionColor(scores[i]!, limit));
    placed.push(`<rect class="token" x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${lineHeight - 4}" rx="3" fill="${fill}"><title>${escapeXml(token)}: ${formatValue(scores[i]!)}</title></rect>`);
    placed.push(`<text x="${(x + 4).toFixed(1)}" y="${y + 13}">${escapeXml(token)}</text>`);
    x += w + 4;
  });
  const height = y + lineHeight + 4;
  const head = `<svg xmlns="http://www.w3.org/2000/svg" width="${maxWidth}" height="${height}" viewBox="0 0 ${maxWidth} ${height}" font-family="monospace" font-size="13">`;
  const title = options.title === undefined ? [] : [`<text x="4" y="15" font-family="sans-serif" font-weight="bold">${escapeXml(options.title)}</text>`];
  return `${[head, ...title, ...placed, '</svg>'].join('\n')}\n`;
}
