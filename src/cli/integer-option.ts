/**
 * integerOption: the parser commander runs on integer flags (`--epochs 10`), so `--epochs ten`
 * or `--k 0` is refused with the flag's name before any work starts.
 */
import { InvalidArgumentError } from 'commander';

/**
 * A commander argument parser for integers ≥ `min`.
 *
 * @example
 * command.option('--epochs <n>', 'passes over the data', integerOption(1), 50);
 */
export function integerOption(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
    return n;
  };
}

/**
 * A commander argument parser for positive finite numbers.
 *
 * @example
 * command.option('--learning-rate <x>', 'step size', positiveNumberOption);
 */
export function positiveNumberOption(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

/**
 * A commander argument parser for finite numbers ≥ 0.
 *
 * @example
 * command.option('--temperature <t>', 'sampling temperature', nonNegativeNumberOption, 1);
 */
export function nonNegativeNumberOption(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number >= 0');
  return n;
}
