/**
 * Occlusion (Zeiler & Fergus 2014, "Visualizing and Understanding Convolutional Networks"): slide a
 * patch of a baseline value over the image and record how much the explained output drops with
 * each region hidden. Needs no gradient, so it also explains models whose gradients are flat or
 * noisy; the price is one forward pass per window (batched here). Each pixel gets the mean drop of
 * the windows that cover it, as Captum's Occlusion does.
 *
 * Shapes: x is [C, H, W] or [H, W]; the patch covers every channel.
 */
import { type Tensor, ValueError } from '../core/index.js';
import { type Attribution, positiveIntegerOption, readInput } from './attribution.js';
import { evaluateBatch, explainedFunction, inEvalMode, type Predictor, type TargetOptions } from './predictor.js';

/** Options of {@link occlusion}. */
export interface OcclusionOptions extends TargetOptions {
  /** Patch height and width in pixels (a number for a square; default 4). */
  readonly patchSize?: number | readonly [number, number];
  /** Step between windows (default: the patch size, so windows tile the image). */
  readonly stride?: number | readonly [number, number];
  /** Value written over the patch (default 0: black, or the mean of standardised inputs). */
  readonly baseline?: number;
  /** Occluded copies per forward pass (default 128). */
  readonly batchSize?: number;
}

/** Occlusion attributions and the per-window drops they come from. */
export interface OcclusionResult extends Attribution {
  readonly method: 'occlusion';
  /** Per-pixel mean drop, [H, W] row-major (the same for every channel in `values`). */
  readonly heatMap: number[];
  readonly height: number;
  readonly width: number;
  /** Every window's top-left corner and the drop f(x) − f(x with the window occluded). */
  readonly windows: { readonly row: number; readonly col: number; readonly drop: number }[];
}

/**
 * The occlusion map of one image.
 *
 * @param model The network (takes [N, C, H, W] or [N, H, W] batches).
 * @param x One image, [C, H, W] or [H, W].
 * @throws ValueError for an x that is not an image, a patch larger than the image, or bad sizes.
 * @example
 * const { heatMap, windows } = occlusion(cnn, image, { patchSize: 4, stride: 2 });
 */
export function occlusion(model: Predictor, x: Tensor, options: OcclusionOptions = {}): OcclusionResult {
  const input = readInput('occlusion', x);
  if (input.shape.length !== 2 && input.shape.length !== 3) throw new ValueError(`occlusion: x must be an image [C, H, W] or [H, W], got [${input.shape.join(', ')}]`);
  const [channels, height, width] = input.shape.length === 3 ? (input.shape as [number, number, number]) : [1, input.shape[0]!, input.shape[1]!];
  const [ph, pw] = pair('patchSize', options.patchSize, [4, 4]);
  const [sh, sw] = pair('stride', options.stride, [ph, pw]);
  if (ph > height || pw > width) throw new ValueError(`occlusion: patchSize [${ph}, ${pw}] must fit in the image [${height}, ${width}]`);
  const baseline = options.baseline ?? 0;
  if (!Number.isFinite(baseline)) throw new ValueError(`occlusion: baseline must be a finite number, got ${baseline}`);
  const rows = starts(height, ph, sh);
  const cols = starts(width, pw, sw);
  const size = input.data.length;
  const plane = height * width;
  const count = rows.length * cols.length;
  // Row 0 is the untouched image; rows 1… hide one window each.
  const batch = new Float64Array((count + 1) * size);
  batch.set(input.data, 0);
  let k = 1;
  for (const r of rows) {
    for (const c of cols) {
      const base = k * size;
      batch.set(input.data, base);
      for (let ch = 0; ch < channels; ch++) {
        for (let i = r; i < r + ph; i++) batch.fill(baseline, base + ch * plane + i * width + c, base + ch * plane + i * width + c + pw);
      }
      k++;
    }
  }
  return inEvalMode(model, () => {
    const { f, target } = explainedFunction(model, x, options);
    const outputs = evaluateBatch(f, batch, [count + 1, ...input.shape], input.dtype, positiveIntegerOption('occlusion', 'batchSize', options.batchSize, 128));
    const output = outputs[0]!;
    const total = new Float64Array(plane);
    const covered = new Float64Array(plane);
    const windows: OcclusionResult['windows'] = [];
    k = 1;
    for (const r of rows) {
      for (const c of cols) {
        const drop = output - outputs[k++]!;
        windows.push({ row: r, col: c, drop });
        for (let i = r; i < r + ph; i++) {
          for (let j = c; j < c + pw; j++) {
            total[i * width + j]! += drop;
            covered[i * width + j]! += 1;
          }
        }
      }
    }
    const heatMap = Array.from(total, (t, p) => (covered[p]! > 0 ? t / covered[p]! : 0));
    const values = Array.from({ length: size }, (_, e) => heatMap[e % plane]!);
    return { method: 'occlusion', shape: input.shape, values, target, output, heatMap, height, width, windows };
  });
}

/** Window starts along one axis; the last window is moved back to end at the edge so every pixel is covered. */
function starts(length: number, patch: number, stride: number): number[] {
  const out: number[] = [];
  for (let s = 0; s + patch <= length; s += stride) out.push(s);
  if (out.at(-1)! + patch < length) out.push(length - patch);
  return out;
}

function pair(name: string, value: number | readonly [number, number] | undefined, fallback: readonly [number, number]): [number, number] {
  const [a, b] = value === undefined ? fallback : typeof value === 'number' ? [value, value] : value;
  return [positiveIntegerOption('occlusion', name, a, 1), positiveIntegerOption('occlusion', name, b, 1)];
}
