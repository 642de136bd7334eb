/**
 * Parsers of the image pipeline's flags (`--size 32x32`, `--channels 16,32`, `--class-names a,b`),
 * so a malformed value is refused with the flag's name before any image is read.
 */
import { InvalidArgumentError } from 'commander';

/**
 * A commander parser for an image size `HxW` (or one number for a square).
 *
 * @example
 * imageSizeOption('28x28'); // [28, 28]
 */
export function imageSizeOption(value: string): [number, number] {
  const parts = value.toLowerCase().split('x').map((p) => p.trim());
  const numbers = parts.map(Number);
  if (parts.length > 2 || parts.some((p) => !/^\d+$/.test(p)) || numbers.some((n) => n < 1 || n > 4096)) {
    throw new InvalidArgumentError('expected HEIGHTxWIDTH in pixels, such as 32x32 (or one number for a square)');
  }
  return [numbers[0]!, numbers[numbers.length - 1]!];
}

/**
 * A commander parser for the two convolution widths `C1,C2`.
 *
 * @example
 * convolutionWidthsOption('16,32'); // [16, 32]
 */
export function convolutionWidthsOption(value: string): [number, number] {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length !== 2 || parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1)) throw new InvalidArgumentError('expected two positive widths such as 16,32');
  return [Number(parts[0]), Number(parts[1])];
}

/**
 * A commander parser for a comma-separated list of distinct, non-empty names.
 *
 * @example
 * namesOption('T-shirt,Trouser'); // ['T-shirt', 'Trouser']
 */
export function namesOption(value: string): string[] {
  const names = value.split(',').map((p) => p.trim());
  if (names.some((n) => n === '') || new Set(names).size !== names.length) throw new InvalidArgumentError('expected distinct, non-empty names separated by commas');
  return names;
}

/**
 * A commander parser for a dropout rate in [0, 1).
 *
 * @example
 * dropoutOption('0.25'); // 0.25
 */
export function dropoutOption(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n < 1)) throw new InvalidArgumentError('expected a rate in [0, 1)');
  return n;
}
