/**
 * Training-time augmentation of image batches on host memory (before the batch becomes a tensor):
 * random horizontal flips and random shifts (translation by whole pixels with zero fill — the
 * "pad and random crop" of the CIFAR/Fashion-MNIST literature, He et al. 2016 §4.2). Each image
 * draws its own flip and shift from the seeded source, so an epoch is reproducible.
 *
 * Shape legend: images is float32 [N, C, H, W], row-major.
 */
import { ValueError } from '../../core/index.js';

/** What {@link augmentImages} may do to each image. */
export interface AugmentOptions {
  /** Mirror left–right with probability ½ (default false). */
  readonly flip?: boolean;
  /** Largest shift in pixels along each axis; each image moves by a uniform integer in [−shift, shift] (default 0). */
  readonly shift?: number;
}

/** Checks augmentation options, naming the bad one. */
export function checkAugmentOptions(op: string, options: AugmentOptions): void {
  if (options.flip !== undefined && typeof options.flip !== 'boolean') throw new ValueError(`${op}: augment.flip must be a boolean, got ${String(options.flip)}`);
  const shift = options.shift ?? 0;
  if (!Number.isInteger(shift) || shift < 0) throw new ValueError(`${op}: augment.shift must be a non-negative integer, got ${shift}`);
}

/**
 * An augmented copy of `images` [N, C, H, W]; `random()` returns uniform numbers in [0, 1).
 *
 * @example
 * const out = augmentImages(pixels, [64, 1, 28, 28], { flip: true, shift: 2 }, seededRandom);
 */
export function augmentImages(images: Float32Array, shape: readonly [number, number, number, number], options: AugmentOptions, random: () => number): Float32Array {
  const [n, c, h, w] = shape;
  const shift = options.shift ?? 0;
  const out = new Float32Array(images.length);
  const plane = h * w;
  for (let i = 0; i < n; i++) {
    const flip = options.flip === true && random() < 0.5;
    const dy = shift === 0 ? 0 : Math.floor(random() * (2 * shift + 1)) - shift;
    const dx = shift === 0 ? 0 : Math.floor(random() * (2 * shift + 1)) - shift;
    for (let ch = 0; ch < c; ch++) {
      const base = (i * c + ch) * plane;
      for (let y = 0; y < h; y++) {
        const sy = y - dy;
        if (sy < 0 || sy >= h) continue; // stays zero
        for (let x = 0; x < w; x++) {
          const sx = (flip ? w - 1 - x : x) - dx;
          if (sx >= 0 && sx < w) out[base + y * w + x] = images[base + sy * w + sx]!;
        }
      }
    }
  }
  return out;
}
