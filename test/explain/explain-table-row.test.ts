/**
 * explainTableRow: a raw table row through a fitted pipeline — columns add their features up
 * (a one-hot column reads as one), regression is explained in the target's units, integrated
 * gradients add up from the background's mean row, and bad rows or classes are refused.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator, noGrad, ValueError } from '../../src/core/index.js';
import { defaultPipeline, parseCsv } from '../../src/data/index.js';
import { explainTableRow } from '../../src/explain/index.js';
import { Linear } from '../../src/nn/index.js';
import { Model } from '../../src/train/index.js';

const rows = ['x,color,price'];
for (let i = 0; i < 60; i++) {
  const x = (i % 10) / 2;
  const color = ['red', 'blue', 'green'][i % 3]!;
  rows.push(`${x},${color},${(2 * x + (color === 'red' ? 3 : 0)).toFixed(2)}`);
}
const table = parseCsv(rows.join('\n'));

describe('explainTableRow', () => {
  test('regression in target units: one-hot features add up to their column; attributions add up to the change from the mean row', () => {
    const { pipeline } = defaultPipeline(table, { target: 'price', task: 'regression' });
    const { x } = pipeline.fitTransform(table);
    const width = x.shape[1]!;
    const net = new Linear(width, 1, { generator: new Generator(0) });
    const model = new Model(net);
    const scaling = { mean: 10, std: 2 };
    const why = explainTableRow({ model, pipeline, task: 'regression', targetScaling: scaling }, table, 4, { steps: 20 });
    assert.equal(why.label, null);
    assert.deepEqual(why.columns.map((c) => c.column).sort(), ['color', 'x']);
    assert.equal(why.columns.find((c) => c.column === 'color')!.value, 'blue');
    // The linear network's prediction, scaled back: output = 10 + 2·(w·x + b).
    const raw = noGrad(() => net.forward(x.narrow(0, 4, 1))).item();
    assert.ok(Math.abs(why.output - (10 + 2 * raw)) < 1e-4);
    const total = why.columns.reduce((s, c) => s + c.attribution, 0);
    assert.ok(Math.abs(total - (why.output - why.baselineOutput!)) < 1e-3, 'a linear model has exact integrated gradients');
    const colorFeatures = why.features.filter((f) => f.name.startsWith('color=')).reduce((s, f) => s + f.attribution, 0);
    assert.ok(Math.abs(colorFeatures - why.columns.find((c) => c.column === 'color')!.attribution) < 1e-9);
  });

  test('classification explains a class probability by label; a one-row table uses zero features as the baseline', () => {
    const labelled = parseCsv(['x,color,kind', ...Array.from({ length: 30 }, (_, i) => `${i % 5},${i % 2 ? 'red' : 'blue'},${i % 5 > 2 ? 'big' : 'small'}`)].join('\n'));
    const { pipeline } = defaultPipeline(labelled, { target: 'kind', task: 'classification' });
    const { x } = pipeline.fitTransform(labelled);
    const model = new Model(new Linear(x.shape[1]!, 2, { generator: new Generator(1) }));
    const why = explainTableRow({ model, pipeline, task: 'classification' }, labelled.take([3]), 0, { target: 'small', method: 'saliency' });
    assert.equal(why.label, 'small');
    assert.ok(why.output > 0 && why.output < 1, 'a probability');
    assert.equal(why.baselineOutput, undefined);
    assert.throws(() => explainTableRow({ model, pipeline, task: 'classification' }, labelled, 30), (e: unknown) => e instanceof ValueError && /row 30 is out of range: the table has 30 rows \(0 … 29\)/.test(e.message));
    assert.throws(() => explainTableRow({ model, pipeline, task: 'classification' }, labelled, 0, { target: 'huge' }), /target 'huge' is not a class of the model; the classes are: big, small/);
  });
});
