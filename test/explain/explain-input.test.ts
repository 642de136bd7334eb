/**
 * explainInput: the one call a server or the CLI makes — a method name from a request, a row of
 * numbers, plain data back — dispatches to each method and ranks a row's features.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator, noGrad, tensor, ValueError } from '../../src/core/index.js';
import { EXPLAIN_METHODS, explainInput } from '../../src/explain/index.js';
import { Linear } from '../../src/nn/index.js';

describe('explainInput', () => {
  const model = new Linear(3, 2, { generator: new Generator(0) });
  noGrad(() => model.weight.assign_(tensor([[1, -4, 0.5], [0, 0, 0]])));

  test('ranks the features of a row by |attribution|, with names and values, as JSON-ready data', () => {
    const result = explainInput(model, [2, 1, 2], { method: 'gradient-x-input', target: 0, featureNames: ['a', 'b', 'c'] });
    assert.deepEqual(result.features.map((f) => f.name), ['b', 'a', 'c']);
    assert.deepEqual(result.features[0], { index: 1, name: 'b', value: 1, attribution: -4 });
    assert.deepEqual(JSON.parse(JSON.stringify(result)), result);
  });

  test('every method runs by name; integrated gradients is the default', () => {
    for (const method of EXPLAIN_METHODS.filter((m) => m !== 'occlusion')) {
      const result = explainInput(model, tensor([1, 1, 1]), { method, target: 0, steps: 10, samples: 4 });
      assert.equal(result.method, method);
      assert.equal(result.features.length, 3);
    }
    assert.equal(explainInput(model, [1, 2, 3]).method, 'integrated-gradients');
    const image = explainInput((x) => x.sum([1, 2]), tensor([[0, 1], [2, 3]]), { method: 'occlusion', patchSize: 1 });
    assert.deepEqual(image.attribution.values, [0, 1, 2, 3]);
    assert.deepEqual(image.features, [], 'images get no feature list');
  });

  test('an unknown method or wrong names throw ValueError naming the choices', () => {
    assert.throws(() => explainInput(model, [1, 2, 3], { method: 'lime' }), (e: unknown) => e instanceof ValueError && /method must be one of integrated-gradients, saliency, gradient-x-input, smoothgrad, occlusion; got 'lime'/.test(e.message));
    assert.throws(() => explainInput(model, [1, 2, 3], { featureNames: ['a'] }), /featureNames must have 3 names \(one per feature\), got 1/);
  });
});
