/**
 * Colours for attribution pictures. Signed attributions use a diverging blue–white–red scale
 * centred on zero (red pushes the output up, blue pushes it down), so the eye reads sign and size
 * at once; non-negative ones (saliency magnitudes, importances) use white to red. The scale is
 * symmetric about zero so equal colours mean equal magnitudes.
 */

/** An RGB colour, 0–255 per channel. */
export type Rgb = readonly [number, number, number];

const RED: Rgb = [178, 24, 43];
const BLUE: Rgb = [33, 102, 172];
const WHITE: Rgb = [247, 247, 247];

/** The largest |value| (1 when all are zero, so the scale never divides by zero). */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) m = Math.max(m, Math.abs(values[i]!));
  return m === 0 ? 1 : m;
}

/**
 * The colour of `value` on a scale whose ends are ±limit.
 *
 * @example
 * attributionColor(0.5, 1); // half-way from white to red
 */
export function attributionColor(value: number, limit: number): Rgb {
  const t = Number.isFinite(value) ? Math.max(-1, Math.min(1, value / limit)) : 0;
  const end = t >= 0 ? RED : BLUE;
  const a = Math.abs(t);
  return [0, 1, 2].map((c) => Math.round(WHITE[c]! + a * (end[c]! - WHITE[c]!))) as unknown as Rgb;
}

/** `#rrggbb` for SVG. */
export function hexColor([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Escapes text for SVG/XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

/** A number with a few significant digits for labels. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(3)));
}

/** Grey levels 0–255 of an image in any range (its minimum black, its maximum white). */
export function greyLevels(image: ArrayLike<number>): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < image.length; i++) {
    lo = Math.min(lo, image[i]!);
    hi = Math.max(hi, image[i]!);
  }
  return Float64Array.from({ length: image.length }, (_, i) => (hi > lo ? (255 * (image[i]! - lo)) / (hi - lo) : 0));
}

/**
 * How opaque an attribution is drawn over an image: √(|value| / limit), so zero lets the image
 * show and weak attributions stay visible.
 */
export function overlayWeight(value: number, limit: number): number {
  return Number.isFinite(value) ? Math.sqrt(Math.min(1, Math.abs(value) / limit)) : 0;
}
