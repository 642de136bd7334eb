/**
 * Forward values: every registry op, every sample, in float32 and float64, against its plain-JS
 * reference — the result's dtype, shape and values — and the inputs are left unchanged.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Tensor } from '../../src/index.js';
import { assertMatches, valuesOf } from './assert-close.js';
import { skipIfExcluded, title } from './backend-under-test.js';
import { OP_REGISTRY, outputsOf, refOutputsOf, rngFor, toleranceFor } from './op-registry.js';

let cases = 0;

for (const dtype of ['float32', 'float64'] as const) {
  describe(title(`forward values in ${dtype}`), () => {
    for (const info of OP_REGISTRY) {
      describe(`${info.name} (${dtype})`, () => {
        const samples = info.samples(dtype, rngFor(info.name));
        it('has samples', () => assert.ok(samples.length > 0, `${info.name}: no samples`));
        for (const sample of samples) {
          it(`${info.name} matches the reference on ${sample.description}`, skipIfExcluded(info.name), () => {
            const context = `${info.name} on ${sample.description} (${dtype})`;
            const tensors: Tensor[] = sample.inputs.map((i) => i.tensor);
            const before = tensors.map(valuesOf);
            const actual = outputsOf(sample.run(tensors));
            const expected = refOutputsOf(sample.reference(sample.inputs.map((i) => i.ref)));
            assert.equal(actual.length, expected.length, `${context}: number of outputs`);
            actual.forEach((out, k) =>
              assertMatches(out, expected[k]!, toleranceFor(info, out.dtype, dtype), `${context}, output ${k}`),
            );
            tensors.forEach((t, k) => assert.deepEqual(valuesOf(t), before[k], `${context}: input ${k} was modified`));
            if (info.random) {
              const again = outputsOf(sample.run(tensors));
              again.forEach((out, k) => assert.deepEqual(valuesOf(out), valuesOf(actual[k]!), `${context}: same seed, same numbers`));
            }
            cases++;
          });
        }
      });
    }
  });
}

describe(title('forward suite'), () => {
  it('ran more than 0 cases', () => {
    assert.ok(cases > 0, `forward ran ${cases} cases`);
  });
});
