/**
 * Validation of hyper-parameters, shared by the optimisers and schedulers so every message has the
 * same form: `Adam: betas[0] must be in [0, 1), got 1`. Internal to `optim/`.
 */
import { ValueError } from '../core/index.js';

/** How a number is shown in a message: `-1`, `NaN`, `"0.1"` for a string that should be a number. */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  return String(value);
}

/**
 * Checks that `value` is a finite number ≥ `min` (0 by default).
 *
 * @throws ValueError naming `owner`, `name`, the expected range and the value.
 * @example
 * checkNonNegative('SGD', 'lr', 0.1); // 0.1
 */
export function checkNonNegative(owner: string, name: string, value: unknown, min = 0): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    const expected = min === 0 ? 'a non-negative finite number' : `a finite number ≥ ${min}`;
    throw new ValueError(`${owner}: ${name} must be ${expected}, got ${show(value)}`);
  }
  return value;
}

/**
 * Checks that `value` is a number in the half-open interval [0, 1).
 *
 * @throws ValueError naming `owner`, `name`, the expected range and the value.
 * @example
 * checkUnitInterval('Adam', 'betas[0]', 0.9); // 0.9
 */
export function checkUnitInterval(owner: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new ValueError(`${owner}: ${name} must be in [0, 1), got ${show(value)}`);
  }
  return value;
}

/**
 * Checks that `value` is an integer ≥ `min`.
 *
 * @throws ValueError naming `owner`, `name`, the expected range and the value.
 * @example
 * checkInteger('StepLR', 'stepSize', 30, 1); // 30
 */
export function checkInteger(owner: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ValueError(`${owner}: ${name} must be an integer ≥ ${min}, got ${show(value)}`);
  }
  return value;
}

/**
 * Checks that `value` is a boolean.
 *
 * @throws ValueError naming `owner`, `name` and the value.
 * @example
 * checkBoolean('SGD', 'nesterov', true); // true
 */
export function checkBoolean(owner: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ValueError(`${owner}: ${name} must be true or false, got ${show(value)}`);
  return value;
}

/**
 * Checks that `value` is one of `choices`.
 *
 * @throws ValueError naming `owner`, `name`, the choices and the value.
 * @example
 * checkChoice('ReduceLROnPlateau', 'mode', 'min', ['min', 'max']); // 'min'
 */
export function checkChoice<T extends string>(owner: string, name: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new ValueError(`${owner}: ${name} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${show(value)}`);
  }
  return value as T;
}

/**
 * Checks that `value` is a pair of numbers in [0, 1) (Adam's betas).
 *
 * @throws ValueError naming `owner`, `name`, the expected form and the value.
 * @example
 * checkBetas('Adam', 'betas', [0.9, 0.999]); // [0.9, 0.999]
 */
export function checkBetas(owner: string, name: string, value: unknown): readonly [number, number] {
  if (!Array.isArray(value) || value.length !== 2) {
    throw new ValueError(`${owner}: ${name} must be a pair [beta1, beta2], got ${show(value)}`);
  }
  const pair = value as unknown[];
  return [checkUnitInterval(owner, `${name}[0]`, pair[0]), checkUnitInterval(owner, `${name}[1]`, pair[1])];
}

/**
 * `defaults` overridden by `options`, refusing option names the optimiser does not know (a typo
 * such as `weight_decay` would otherwise be ignored silently).
 *
 * @throws ValueError naming the unknown option and the known ones.
 * @example
 * withDefaults('SGD', { lr: 1e-3, momentum: 0 }, { lr: 0.1 }); // { lr: 0.1, momentum: 0 }
 */
export function withDefaults<H extends object>(owner: string, defaults: H, options: Partial<H>): H {
  for (const key of Object.keys(options)) {
    if (!(key in defaults)) {
      throw new ValueError(`${owner}: unknown option '${key}'; expected one of ${Object.keys(defaults).join(', ')}`);
    }
  }
  return { ...defaults, ...options };
}
