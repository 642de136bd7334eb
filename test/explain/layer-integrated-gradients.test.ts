/**
 * Layer integrated gradients through the token embeddings of the text pipeline's Transformer:
 * completeness within 1 %, one score per token, zero for padding (its embedding equals the zero
 * baseline), and the layer's own forward restored afterwards.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator, tensor, ValueError } from '../../src/core/index.js';
import { TransformerTextModel } from '../../src/apps/text/index.js';
import { layerIntegratedGradients, tokenHighlightSvg } from '../../src/explain/index.js';

describe('layerIntegratedGradients', () => {
  const model = new TransformerTextModel({ idCount: 30, maxLength: 8, numClasses: 3, dModel: 8, nHead: 2, numLayers: 1 }, new Generator(3));
  const ids = tensor([4, 17, 9, 22, 0, 0], { dtype: 'int32' });

  test('token attributions add up to f(x) − f(zero embeddings) within 1 %; padding gets none', () => {
    for (const target of [0, 2]) {
      const a = layerIntegratedGradients(model, ids, 'tokens', { target, steps: 100 });
      assert.deepEqual(a.shape, [6, 8]);
      assert.equal(a.perPosition.length, 6);
      assert.ok(Math.abs(a.output - a.baselineOutput) > 1e-4);
      assert.ok(a.relativeGap <= 0.01, `target ${target}: gap ${a.relativeGap}`);
      assert.equal(a.perPosition[4], 0);
      assert.equal(a.perPosition[5], 0);
      const svg = tokenHighlightSvg(['refund', 'my', 'late', 'order', '<pad>', '<pad>'], a.perPosition);
      assert.equal(svg.split('class="token"').length - 1, 6);
    }
  });

  test("restores the layer's forward and names the layers when one is unknown", () => {
    layerIntegratedGradients(model, ids, 'tokens', { steps: 4 });
    const tokens = [...model.namedModules()].find(([name]) => name === 'tokens')![1];
    assert.equal(Object.prototype.hasOwnProperty.call(tokens, 'forward'), false);
    assert.throws(() => layerIntegratedGradients(model, ids, 'embeddings'), (e: unknown) => e instanceof ValueError && /no layer 'embeddings' in TransformerTextModel; the layers are: tokens, positions, encoder0/.test(e.message));
  });
});
