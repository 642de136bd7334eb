/**
 * The points of a grid search: the Cartesian product of every setting's values. Choices and integer
 * ranges are finite; a float range has no grid until it is given a number of points, because any
 * spacing picked silently would decide the search's outcome without saying so.
 */
import { ValueError } from '../core/index.js';
import { type IntParam, type ParamSpec, type ParamValue, resolveSearchSpace, type SearchSpace, type TrialConfig } from './search-space.js';

/** More configurations than this is almost surely a mistake (a wide integer range, say). */
const MAX_GRID = 100_000;

/** Options of {@link gridConfigs}. */
export interface GridOptions {
  /**
   * Points per range: one number for every range, or a number per setting. Float ranges need it;
   * integer ranges use it to thin out (otherwise every allowed integer is a point). Points include
   * both ends (one point is the middle); log ranges are spaced geometrically.
   */
  readonly gridPoints?: number | Readonly<Record<string, number>>;
}

/** `count` evenly spaced numbers from `low` to `high` inclusive (in log space when `log`); one point is the middle. */
function spaced(low: number, high: number, count: number, log: boolean): number[] {
  const [a, b] = log ? [Math.log(low), Math.log(high)] : [low, high];
  const points = count === 1 ? [(a + b) / 2] : Array.from({ length: count }, (_, i) => a + ((b - a) * i) / (count - 1));
  const values = log ? points.map(Math.exp) : points;
  // exp(log(x)) need not give back x exactly: pin the ends so the grid contains the bounds.
  if (count > 1) [values[0], values[count - 1]] = [low, high];
  return values;
}

function intValues(spec: IntParam, count: number | undefined): number[] {
  const top = spec.low + Math.floor((spec.high - spec.low) / spec.step) * spec.step;
  const all = Math.floor((top - spec.low) / spec.step) + 1;
  if (count === undefined || count >= all) {
    if (all > MAX_GRID) throw new ValueError(`gridConfigs: integer range [${spec.low}, ${spec.high}] has ${all} values; pass gridPoints`);
    return Array.from({ length: all }, (_, i) => spec.low + i * spec.step);
  }
  const snapped = spaced(spec.low, top, count, spec.log).map((v) => Math.min(top, spec.low + Math.round((v - spec.low) / spec.step) * spec.step));
  return [...new Set(snapped)];
}

function pointsFor(name: string, options: GridOptions): number | undefined {
  const g = options.gridPoints;
  const count = typeof g === 'number' || g === undefined ? g : Object.prototype.hasOwnProperty.call(g, name) ? g[name] : undefined;
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
    throw new ValueError(`gridConfigs: gridPoints for '${name}' must be a positive integer, got ${String(count)}`);
  }
  return count;
}

function axisValues(name: string, spec: ParamSpec, options: GridOptions): readonly ParamValue[] {
  const count = pointsFor(name, options);
  switch (spec.kind) {
    case 'choice':
      return spec.values;
    case 'int':
      return intValues(spec, count);
    case 'float':
      if (count === undefined) {
        throw new ValueError(
          `gridConfigs: setting '${name}' is a continuous range [${spec.low}, ${spec.high}]; a grid needs a list of values or gridPoints (e.g. { gridPoints: { ${name}: 4 } }), or use randomSearch`,
        );
      }
      return spaced(spec.low, spec.high, count, spec.log);
  }
}

/**
 * Every configuration of a grid, in a fixed order: the first setting varies slowest and the last
 * fastest, as nested loops written in the space's key order.
 *
 * @param space The search space.
 * @param options Points per range.
 * @returns The configurations; their count is the product of the settings' value counts.
 * @throws ValueError for a bad space, a float range without gridPoints, a bad gridPoints value, or a
 *   grid of more than 100 000 configurations.
 * @example
 * gridConfigs({ lr: [0.1, 0.01], units: [16, 32] });
 * // [{ lr: 0.1, units: 16 }, { lr: 0.1, units: 32 }, { lr: 0.01, units: 16 }, { lr: 0.01, units: 32 }]
 * gridConfigs({ lr: hp.logUniform(1e-4, 1e-1) }, { gridPoints: 4 }); // lr 1e-4, 1e-3, 1e-2, 1e-1
 */
export function gridConfigs(space: SearchSpace, options: GridOptions = {}): TrialConfig[] {
  const axes = resolveSearchSpace('gridConfigs', space).map(([name, spec]) => [name, axisValues(name, spec, options)] as const);
  const size = axes.reduce((product, [, values]) => product * values.length, 1);
  if (size > MAX_GRID) {
    throw new ValueError(`gridConfigs: the grid has ${size} configurations (${axes.map(([n, v]) => `${n} ${v.length}`).join(' × ')}); at most ${MAX_GRID}, use randomSearch or fewer gridPoints`);
  }
  let configs: Record<string, ParamValue>[] = [{}];
  for (const [name, values] of axes) configs = configs.flatMap((partial) => values.map((value) => ({ ...partial, [name]: value })));
  return configs;
}
