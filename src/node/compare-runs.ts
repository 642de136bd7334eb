/**
 * compareRuns: two runs side by side — every setting (config flattened to dotted keys, plus seed),
 * every final metric with the difference, the epochs run and the environment — each row marked
 * when the two differ. `sprout runs compare` prints it; the dashboard can show the same rows.
 */
import type { JsonValue } from '../nn/index.js';
import type { RunSummary } from './run-record.js';

/** One setting or environment entry of both runs (JSON values; undefined where a run lacks the key). */
export interface ComparedValue {
  readonly key: string;
  readonly a: JsonValue | undefined;
  readonly b: JsonValue | undefined;
  readonly differs: boolean;
}

/** One final metric of both runs and `b − a` (null where either is missing). */
export interface ComparedMetric {
  readonly name: string;
  readonly a: number | null;
  readonly b: number | null;
  readonly delta: number | null;
}

/** What {@link compareRuns} returns. */
export interface RunComparison {
  readonly a: Pick<RunSummary, 'id' | 'name' | 'status' | 'startedAt' | 'durationMs' | 'epochCount'>;
  readonly b: Pick<RunSummary, 'id' | 'name' | 'status' | 'startedAt' | 'durationMs' | 'epochCount'>;
  readonly config: readonly ComparedValue[];
  readonly metrics: readonly ComparedMetric[];
  readonly environment: readonly ComparedValue[];
}

/**
 * Compares run `a` with run `b`.
 *
 * @example
 * const c = compareRuns(store.getRun('20261128-1746')!, store.getRun('20261128-1802')!);
 * c.config.filter((row) => row.differs); // [{ key: 'epochs', a: 50, b: 10, differs: true }]
 */
export function compareRuns(a: RunSummary, b: RunSummary): RunComparison {
  const head = (r: RunSummary): RunComparison['a'] => ({ id: r.id, name: r.name, status: r.status, startedAt: r.startedAt, durationMs: r.durationMs, epochCount: r.epochCount });
  const configA = flatten({ ...a.config, seed: a.seed });
  const configB = flatten({ ...b.config, seed: b.seed });
  const metricsA = a.finalMetrics ?? {};
  const metricsB = b.finalMetrics ?? {};
  const metrics = unionKeys(metricsA, metricsB).map((name): ComparedMetric => {
    const va = metricsA[name] ?? null;
    const vb = metricsB[name] ?? null;
    return { name, a: va, b: vb, delta: va === null || vb === null ? null : vb - va };
  });
  return {
    a: head(a),
    b: head(b),
    config: side(configA, configB),
    metrics,
    environment: side(flatten({ ...a.environment }), flatten({ ...b.environment })),
  };
}

function side(a: Readonly<Record<string, JsonValue>>, b: Readonly<Record<string, JsonValue>>): ComparedValue[] {
  return unionKeys(a, b).map((key) => ({ key, a: a[key], b: b[key], differs: JSON.stringify(a[key]) !== JSON.stringify(b[key]) }));
}

/** Keys of both objects, sorted, so the rows line up. */
function unionKeys(a: object, b: object): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
}

/** `{ optimizer: { lr: 1 } }` → `{ 'optimizer.lr': 1 }`; arrays stay values (`hidden: [128, 64]`). */
function flatten(value: Readonly<Record<string, JsonValue>>, prefix = '', out: Record<string, JsonValue> = {}): Record<string, JsonValue> {
  for (const [key, v] of Object.entries(value)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v, name, out);
    else out[name] = v;
  }
  return out;
}
