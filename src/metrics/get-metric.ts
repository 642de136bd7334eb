/**
 * Metrics by name, for Keras-style `compile({ metrics: ['accuracy'] })`.
 */
import { ValueError } from '../core/index.js';
import { Accuracy } from './accuracy.js';
import type { Metric } from './metric.js';

const FACTORIES: Record<string, () => Metric> = {
  accuracy: () => new Accuracy(),
  acc: () => new Accuracy(),
};

/**
 * A fresh metric object for `name`, or the object itself when one is passed.
 *
 * @throws ValueError for an unknown name, listing the known ones.
 */
export function getMetric(nameOrMetric: string | Metric): Metric {
  if (typeof nameOrMetric !== 'string') return nameOrMetric;
  const factory = Object.prototype.hasOwnProperty.call(FACTORIES, nameOrMetric) ? FACTORIES[nameOrMetric] : undefined;
  if (factory === undefined) throw new ValueError(`getMetric: unknown metric '${nameOrMetric}'; known: ${Object.keys(FACTORIES).join(', ')}`);
  return factory();
}
