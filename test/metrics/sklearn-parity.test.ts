/**
 * Every metric against scikit-learn's values in test/fixtures/sklearn/metrics.json (written by
 * tools/fixtures/generate_sklearn_metric_fixtures.py; ranking cases without a scikit-learn function
 * use the hand-written references there). Each case is fed in uneven batches and all at once: a
 * streaming metric must give the same value either way.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  BalancedAccuracy,
  ConfusionMatrix,
  type DType,
  F1Score,
  getMetric,
  LogLoss,
  type Metric,
  metricNames,
  narrow,
  Precision,
  Recall,
  tensor,
  type Tensor,
} from '../../src/index.js';

interface CaseOptions {
  readonly posLabel?: number;
  readonly threshold?: number;
  readonly fromLogits?: boolean;
  readonly numClasses?: number;
}

interface Case {
  readonly name: string;
  readonly metric: string;
  readonly options?: CaseOptions;
  readonly prediction: number[] | number[][];
  readonly predictionDType: DType;
  readonly target: number[] | number[][];
  readonly targetDType: DType;
  readonly expected: number | number[][];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/sklearn/metrics.json', import.meta.url), 'utf8')) as { sklearn: string; cases: Case[] };

/** Constructors for cases that carry options; the rest come from getMetric by name. */
const WITH_OPTIONS: Record<string, (o: CaseOptions) => Metric> = {
  f1: (o) => new F1Score(o),
  f1Macro: (o) => new F1Score({ ...o, average: 'macro', name: 'f1Macro' }),
  precision: (o) => new Precision(o),
  recall: (o) => new Recall(o),
  balancedAccuracy: (o) => new BalancedAccuracy(o),
  confusionMatrix: (o) => new ConfusionMatrix(o),
  logLoss: (o) => new LogLoss(o),
};

function build(c: Case): Metric {
  if (c.options === undefined) return getMetric(c.metric);
  const make = WITH_OPTIONS[c.metric];
  if (make === undefined) throw new Error(`no constructor with options for ${c.metric}`);
  return make(c.options);
}

/** Uneven batch sizes, cycled: 1, 7, 2, 13, 5, … */
function batches(n: number): [number, number][] {
  const sizes = [1, 7, 2, 13, 5];
  const out: [number, number][] = [];
  for (let start = 0, i = 0; start < n; i++) {
    const size = Math.min(sizes[i % sizes.length]!, n - start);
    out.push([start, size]);
    start += size;
  }
  return out;
}

function value(metric: Metric, expected: Case['expected']): number | number[][] {
  return Array.isArray(expected) ? (metric as ConfusionMatrix).matrix() : metric.result();
}

function assertClose(actual: number | number[][], expected: number | number[][], label: string): void {
  if (Array.isArray(expected)) {
    assert.deepEqual(actual, expected, label);
    return;
  }
  assert.equal(typeof actual, 'number', label);
  const a = actual as number;
  // 1e-6, relative for large values (MAPE with a zero target is ~1e15).
  assert.ok(Math.abs(a - expected) <= 1e-6 * Math.max(1, Math.abs(expected)), `${label}: got ${a}, scikit-learn ${expected}`);
}

describe(`metrics match scikit-learn ${fixture.sklearn}`, () => {
  for (const c of fixture.cases) {
    test(`${c.metric} on ${c.name}${c.options === undefined ? '' : ` ${JSON.stringify(c.options)}`}`, () => {
      const prediction: Tensor = tensor(c.prediction, { dtype: c.predictionDType });
      const target: Tensor = tensor(c.target, { dtype: c.targetDType });
      const n = prediction.shape[0]!;

      const whole = build(c);
      whole.update(prediction, target);
      assertClose(value(whole, c.expected), c.expected, 'all at once');

      const streamed = build(c);
      for (const [start, size] of batches(n)) streamed.update(narrow(prediction, 0, start, size), narrow(target, 0, start, size));
      assertClose(value(streamed, c.expected), c.expected, 'in uneven batches');

      // reset forgets everything; the next epoch gives the same value again.
      streamed.reset();
      assert.ok(Number.isNaN(streamed.result()));
      streamed.update(prediction, target);
      assertClose(value(streamed, c.expected), c.expected, 'after reset');
    });
  }

  test('every metric name getMetric knows has a fixture, and so has a cut-off form of each metric with k', () => {
    const covered = new Set(fixture.cases.map((c) => c.metric));
    const missing = metricNames().filter((name) => !covered.has(name));
    assert.deepEqual(missing, [], `names without a scikit-learn fixture: ${missing.join(', ')}`);
    for (const base of ['topKAccuracy', 'hitRate', 'ndcg', 'map', 'mrr']) {
      assert.ok([...covered].some((name) => name.startsWith(`${base}@`)), `no fixture for ${base}@k`);
    }
  });
});
