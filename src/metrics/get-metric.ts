/**
 * Metrics by name, for Keras-style `compile({ metrics: ['accuracy', 'f1Macro'] })`. A name is also
 * the metric's `name` in logs and history. Metrics with a cut-off take it after '@':
 * 'topKAccuracy@3', 'hitRate@20', 'ndcg@5', 'map@5', 'mrr@10'.
 */
import { ValueError } from '../core/index.js';
import { Accuracy } from './accuracy.js';
import { AveragePrecision } from './average-precision.js';
import { BalancedAccuracy } from './balanced-accuracy.js';
import { ConfusionMatrix } from './confusion-matrix.js';
import type { Average } from './confusion-score.js';
import { F1Score } from './f1-score.js';
import { HitRate } from './hit-rate.js';
import { LogLoss } from './log-loss.js';
import { MeanAbsoluteError } from './mean-absolute-error.js';
import { MeanAbsolutePercentageError } from './mean-absolute-percentage-error.js';
import { MeanAveragePrecision } from './mean-average-precision.js';
import { MeanReciprocalRank } from './mean-reciprocal-rank.js';
import { MeanSquaredError } from './mean-squared-error.js';
import type { Metric } from './metric.js';
import { Ndcg } from './ndcg.js';
import { Precision } from './precision.js';
import { R2Score } from './r2-score.js';
import { Recall } from './recall.js';
import { RocAuc } from './roc-auc.js';
import { RootMeanSquaredError } from './root-mean-squared-error.js';
import { TopKAccuracy } from './top-k-accuracy.js';

type Factory = (name: string) => Metric;

const averaged = (make: (average: Average, name: string) => Metric, base: string): Record<string, Factory> => ({
  [base]: (name) => make('binary', name),
  [`${base}Macro`]: (name) => make('macro', name),
  [`${base}Micro`]: (name) => make('micro', name),
  [`${base}Weighted`]: (name) => make('weighted', name),
});

const FACTORIES: Record<string, Factory> = {
  accuracy: (name) => new Accuracy({ name }),
  acc: (name) => new Accuracy({ name }),
  balancedAccuracy: (name) => new BalancedAccuracy({ name }),
  ...averaged((average, name) => new Precision({ average, name }), 'precision'),
  ...averaged((average, name) => new Recall({ average, name }), 'recall'),
  ...averaged((average, name) => new F1Score({ average, name }), 'f1'),
  confusionMatrix: (name) => new ConfusionMatrix({ name }),
  rocAuc: (name) => new RocAuc({ name }),
  averagePrecision: (name) => new AveragePrecision({ name }),
  logLoss: (name) => new LogLoss({ name }),
  mse: (name) => new MeanSquaredError({ name }),
  rmse: (name) => new RootMeanSquaredError({ name }),
  mae: (name) => new MeanAbsoluteError({ name }),
  r2: (name) => new R2Score({ name }),
  mape: (name) => new MeanAbsolutePercentageError({ name }),
  mrr: (name) => new MeanReciprocalRank({ name }),
};

/** Metrics with a cut-off k: the bare name uses the default k, `name@k` another. */
const WITH_K: Record<string, { readonly defaultK: number; readonly make: (name: string, k: number) => Metric }> = {
  topKAccuracy: { defaultK: 5, make: (name, k) => new TopKAccuracy({ name, k }) },
  hitRate: { defaultK: 10, make: (name, k) => new HitRate({ name, k }) },
  ndcg: { defaultK: 10, make: (name, k) => new Ndcg({ name, k }) },
  map: { defaultK: 10, make: (name, k) => new MeanAveragePrecision({ name, k }) },
  mrr: { defaultK: Infinity, make: (name, k) => new MeanReciprocalRank({ name, k }) },
};

const own = <T>(table: Record<string, T>, key: string): T | undefined => (Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined);

/**
 * Every name {@link getMetric} knows without a cut-off suffix; each of 'topKAccuracy', 'hitRate',
 * 'ndcg', 'map' and 'mrr' also takes '@k'.
 *
 * @example
 * metricNames().includes('f1Macro'); // true
 */
export function metricNames(): string[] {
  return [...new Set([...Object.keys(FACTORIES), ...Object.keys(WITH_K)])];
}

/**
 * A fresh metric object for `name` (its `name` is the string given), or the object itself when one
 * is passed.
 *
 * @throws ValueError for an unknown name or a bad '@k', listing the known names.
 * @example
 * getMetric('f1Macro').name; // 'f1Macro'
 * getMetric('ndcg@5');       // NDCG at 5
 */
export function getMetric(nameOrMetric: string | Metric): Metric {
  if (typeof nameOrMetric !== 'string') return nameOrMetric;
  const name = nameOrMetric;
  const plain = own(FACTORIES, name);
  if (plain !== undefined) return plain(name);
  const [base, cut, ...rest] = name.split('@');
  const withK = base === undefined ? undefined : own(WITH_K, base);
  if (withK !== undefined && rest.length === 0) {
    if (cut === undefined) return withK.make(name, withK.defaultK);
    if (/^[1-9][0-9]*$/.test(cut)) return withK.make(name, Number(cut));
    throw new ValueError(`getMetric: '${name}' needs a positive integer after '@', got '${cut}'`);
  }
  throw new ValueError(`getMetric: unknown metric '${name}'; known: ${metricNames().join(', ')} (and ${Object.keys(WITH_K).join(', ')} with '@k')`);
}
