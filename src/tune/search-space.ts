/**
 * Search spaces for hyperparameter search: per setting, a list of choices, a uniform or
 * log-uniform float range, or an integer range. A space is a plain object, so it reads like the
 * configuration it describes and serialises as JSON:
 *
 *     { learningRate: hp.logUniform(1e-4, 1e-1), batchSize: [32, 64, 128], units: hp.int(16, 256) }
 *
 * A bare array is shorthand for a choice and a bare number, string or boolean is a fixed value.
 * {@link resolveSearchSpace} turns that shorthand into one validated spec per setting, which the
 * strategies (grid, random, successive halving) read.
 */
import { ValueError } from '../core/index.js';

/** A value a setting can take. */
export type ParamValue = number | string | boolean;

/** One of a finite list of values, in the order given (grid search keeps that order). */
export interface ChoiceParam {
  readonly kind: 'choice';
  readonly values: readonly ParamValue[];
}

/** A float in [low, high]; `log` samples uniformly in log space (scale parameters: rates, decays). */
export interface FloatParam {
  readonly kind: 'float';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
}

/** An integer in [low, high], both ends included, on multiples of `step` from `low`. */
export interface IntParam {
  readonly kind: 'int';
  readonly low: number;
  readonly high: number;
  readonly step: number;
  readonly log: boolean;
}

/** The distribution of one setting. */
export type ParamSpec = ChoiceParam | FloatParam | IntParam;

/** What a space may hold per setting: a spec, a bare array (a choice) or a bare value (fixed). */
export type SpaceEntry = ParamSpec | readonly ParamValue[] | ParamValue;

/** Settings by name. */
export type SearchSpace = Readonly<Record<string, SpaceEntry>>;

/** One point of a space: a value per setting. */
export type TrialConfig = Readonly<Record<string, ParamValue>>;

/** A space after {@link resolveSearchSpace}: one validated spec per setting, in the space's key order. */
export type ResolvedSpace = readonly (readonly [string, ParamSpec])[];

function isParamValue(value: unknown): value is ParamValue {
  return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string' || typeof value === 'boolean';
}

function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function checkSpec(op: string, name: string, spec: ParamSpec): ParamSpec {
  const where = `${op}: setting '${name}'`;
  if (spec.kind === 'choice') {
    if (!Array.isArray(spec.values) || spec.values.length === 0) throw new ValueError(`${where}: a choice needs at least one value, got ${show(spec.values)}`);
    spec.values.forEach((v, i) => {
      if (!isParamValue(v)) throw new ValueError(`${where}: choice ${i} must be a finite number, a string or a boolean, got ${show(v)}`);
    });
    return { kind: 'choice', values: [...spec.values] };
  }
  const { low, high } = spec;
  if (typeof low !== 'number' || typeof high !== 'number' || !Number.isFinite(low) || !Number.isFinite(high)) {
    throw new ValueError(`${where}: low and high must be finite numbers, got low ${show(low)}, high ${show(high)}`);
  }
  if (low > high) throw new ValueError(`${where}: low must not exceed high, got low ${low}, high ${high}`);
  const log = spec.log;
  if (typeof log !== 'boolean') throw new ValueError(`${where}: log must be a boolean, got ${show(log)}`);
  if (log && low <= 0) throw new ValueError(`${where}: a log-scale range needs low > 0, got low ${low}`);
  if (spec.kind === 'float') return { kind: 'float', low, high, log };
  if (!Number.isInteger(low) || !Number.isInteger(high)) throw new ValueError(`${where}: an integer range needs integer bounds, got low ${low}, high ${high}`);
  const step = spec.step;
  if (!Number.isInteger(step) || step < 1) throw new ValueError(`${where}: step must be a positive integer, got ${show(step)}`);
  if (log && step !== 1) throw new ValueError(`${where}: a log-scale integer range takes step 1, got ${step}`);
  return { kind: 'int', low, high, step, log };
}

/**
 * Validates a search space and expands its shorthand: a bare array becomes a choice, a bare value a
 * choice of one.
 *
 * @param op Name of the calling operation, for error messages.
 * @param space Settings by name.
 * @returns One spec per setting, in the space's key order.
 * @throws ValueError for an empty space, an empty choice, a non-finite or reversed range, a
 *   log-scale range reaching 0, non-integer bounds of an integer range, or an unknown entry,
 *   naming the setting.
 * @example
 * resolveSearchSpace('randomSearch', { batchSize: [32, 64], dropout: hp.uniform(0, 0.5) });
 * // [['batchSize', { kind: 'choice', values: [32, 64] }], ['dropout', { kind: 'float', low: 0, high: 0.5, log: false }]]
 */
export function resolveSearchSpace(op: string, space: SearchSpace): ResolvedSpace {
  if (typeof space !== 'object' || space === null || Array.isArray(space)) {
    throw new ValueError(`${op}: space must be an object of settings, got ${show(space)}`);
  }
  const entries = Object.entries(space);
  if (entries.length === 0) throw new ValueError(`${op}: space has no settings`);
  return entries.map(([name, entry]): readonly [string, ParamSpec] => {
    if (Array.isArray(entry)) return [name, checkSpec(op, name, { kind: 'choice', values: entry as readonly ParamValue[] })];
    if (isParamValue(entry)) return [name, { kind: 'choice', values: [entry] }];
    if (typeof entry === 'object' && entry !== null && 'kind' in entry) {
      const kind: unknown = entry.kind;
      if (kind === 'choice' || kind === 'float' || kind === 'int') return [name, checkSpec(op, name, entry)];
    }
    throw new ValueError(
      `${op}: setting '${name}' must be a value, an array of choices, or hp.choice / hp.uniform / hp.logUniform / hp.int, got ${show(entry)}`,
    );
  });
}
