/**
 * Random points of a search space, from an explicit generator, for random search (Bergstra & Bengio
 * 2012: with a fixed budget, random points cover the few settings that matter far better than a
 * grid, which spends most of its trials repeating values of the ones that do not).
 */
import { type Generator, rand } from '../core/index.js';
import { type ParamSpec, type ParamValue, resolveSearchSpace, type SearchSpace, type TrialConfig } from './search-space.js';

function draw(spec: ParamSpec, u: number): ParamValue {
  switch (spec.kind) {
    case 'choice':
      return spec.values[Math.min(spec.values.length - 1, Math.floor(u * spec.values.length))]!;
    case 'float': {
      if (!spec.log) return spec.low + u * (spec.high - spec.low);
      const value = Math.exp(Math.log(spec.low) + u * (Math.log(spec.high) - Math.log(spec.low)));
      return Math.min(spec.high, Math.max(spec.low, value));
    }
    case 'int': {
      if (spec.log) {
        // Log-uniform over [low, high + 1), floored: P(k) ∝ log((k + 1) / k), so each integer keeps
        // the share of log space between it and the next one.
        const value = Math.floor(Math.exp(Math.log(spec.low) + u * (Math.log(spec.high + 1) - Math.log(spec.low))));
        return Math.min(spec.high, Math.max(spec.low, value));
      }
      const count = Math.floor((spec.high - spec.low) / spec.step) + 1;
      return spec.low + Math.min(count - 1, Math.floor(u * count)) * spec.step;
    }
  }
}

/**
 * One random configuration: each setting drawn independently — choices uniformly, float ranges
 * uniformly (in log space for log ranges), integer ranges uniformly over their allowed values (or
 * log-uniformly). Uses one float64 draw per setting, so the same generator state gives the same
 * configuration.
 *
 * @param space The search space.
 * @param generator The source of randomness; it advances.
 * @returns A value per setting.
 * @throws ValueError for a bad space.
 * @example
 * const g = new Generator(0);
 * sampleConfig({ lr: hp.logUniform(1e-4, 1e-1), batchSize: [32, 64] }, g); // { lr: 0.0031…, batchSize: 64 }
 */
export function sampleConfig(space: SearchSpace, generator: Generator): TrialConfig {
  const resolved = resolveSearchSpace('sampleConfig', space);
  const u = rand([resolved.length], { generator, dtype: 'float64' }).dataSync();
  const config: Record<string, ParamValue> = {};
  resolved.forEach(([name, spec], i) => {
    config[name] = draw(spec, u[i]!);
  });
  return config;
}
