/**
 * ONNX converters of MultiHeadAttention and TransformerEncoderLayer (opset 17), written op for op
 * as Sprout computes them (Vaswani et al. 2017, §3.2) so the two agree to float rounding:
 *
 *   x [N, L, E] → x·W_inᵀ + b_in → split q, k, v → heads [N, h, L, d] → (q/√d)·kᵀ [N, h, L, S]
 *   → masked −∞ (key padding, causal) → softmax → ·v → [N, L, E] → out_proj
 *
 * Only self-attention is exported (key and value are the query), with a key padding mask input;
 * attention masks given per call are not.
 */
import { ValueError } from '../core/index.js';
import type { MultiHeadAttention, TransformerEncoderLayer } from '../nn/index.js';
import type { OnnxExportContext, OnnxLayerExport, OnnxValue } from './onnx-export-context.js';
import { geluToOnnx } from './onnx-layer-converters.js';

function attentionToOnnx(layer: MultiHeadAttention, c: OnnxExportContext, inputs: readonly (OnnxValue | undefined)[]): OnnxValue {
  const [query, key, value, keyPaddingMask, attnMask] = inputs;
  if (query === undefined || (key !== undefined && key !== query) || (value !== undefined && value !== query)) {
    throw new ValueError(`exportOnnx: MultiHeadAttention at '${c.path}' is exported for self-attention only (key and value the query)`);
  }
  if (attnMask !== undefined) throw new ValueError(`exportOnnx: MultiHeadAttention at '${c.path}': per-call attention masks are not exported (the causal option is)`);
  if (query.rank !== 3) throw new ValueError(`exportOnnx: MultiHeadAttention at '${c.path}' needs a batched (rank-3) input, got rank ${query.rank}`);
  const e = layer.embedDim;
  const h = layer.numHeads;
  const d = layer.headDim;
  const x = layer.batchFirst ? query : c.node('Transpose', [query], { perm: [1, 0, 2] });
  let qkv = c.node('MatMul', [x, c.node('Transpose', [c.weight('in_proj_weight')], { perm: [1, 0] })]);
  if (layer.inProjBias !== null) qkv = c.node('Add', [qkv, c.weight('in_proj_bias')]);
  const [q, k, v] = c.nodeOutputs('Split', [qkv, c.ints('split', [e, e, e])], 3, { axis: -1 }) as [OnnxValue, OnnxValue, OnnxValue];
  const headShape = c.ints('head_shape', [0, 0, h, d]);
  const heads = (t: OnnxValue, perm: number[]): OnnxValue => c.node('Transpose', [c.node('Reshape', [t, headShape], {}, 4)], { perm });
  const qh = heads(c.node('Mul', [q, c.scalar('scale', 1 / Math.sqrt(d))]), [0, 2, 1, 3]);
  let scores = c.node('MatMul', [qh, heads(k, [0, 2, 3, 1])]); // [N, h, L, S]
  let blocked: OnnxValue | null = null;
  const minusInfinity = (): OnnxValue => (blocked ??= c.scalar('minus_inf', -Infinity));
  if (keyPaddingMask !== undefined) {
    const mask = c.node('Unsqueeze', [keyPaddingMask, c.ints('axes', [1, 2])], {}, 4); // [N, 1, 1, S]
    scores = c.node('Where', [mask, minusInfinity(), scores]);
  }
  if (layer.causal) {
    // Blocked: key j > query i, i.e. the zeros of the lower triangle of an [L, S] matrix of ones.
    const size = c.node('Shape', [scores], { start: 2 }, 1);
    const lower = c.node('Trilu', [c.node('Expand', [c.scalar('one', 1), size], {}, 2)], { upper: 0 }, 2);
    scores = c.node('Where', [c.node('Equal', [lower, c.scalar('zero', 0)], {}, 2), minusInfinity(), scores]);
  }
  const weights = c.node('Softmax', [scores], { axis: -1 });
  const context = c.node('MatMul', [weights, heads(v, [0, 2, 1, 3])]);
  const merged = c.node('Reshape', [c.node('Transpose', [context], { perm: [0, 2, 1, 3] }), c.ints('merged_shape', [0, 0, e])], {}, 3);
  const out = c.child('out_proj', merged);
  return layer.batchFirst ? out : c.node('Transpose', [out], { perm: [1, 0, 2] });
}

/** forward(src, srcMask, srcKeyPaddingMask): post-norm or pre-norm, ReLU or GELU feed-forward. */
function encoderLayerToOnnx(layer: TransformerEncoderLayer, c: OnnxExportContext, inputs: readonly (OnnxValue | undefined)[]): OnnxValue {
  const [src, srcMask, padding] = inputs;
  if (src === undefined) throw new ValueError(`exportOnnx: TransformerEncoderLayer at '${c.path}' needs its input`);
  const attend = (x: OnnxValue): OnnxValue => c.child('dropout1', c.child('self_attn', x, undefined, undefined, padding, srcMask));
  const feedForward = (x: OnnxValue): OnnxValue => {
    const hidden = c.child('linear1', x);
    const activated = layer.activation === 'relu' ? c.node('Relu', [hidden]) : geluToOnnx(c, hidden, 'none');
    return c.child('dropout2', c.child('linear2', c.child('dropout', activated)));
  };
  if (layer.normFirst) {
    const x = c.node('Add', [src, attend(c.child('norm1', src))]);
    return c.node('Add', [x, feedForward(c.child('norm2', x))]);
  }
  const x = c.child('norm1', c.node('Add', [src, attend(src)]));
  return c.child('norm2', c.node('Add', [x, feedForward(x)]));
}

/** The attention converters, by registered type name. */
export const ATTENTION_EXPORTS: readonly [string, OnnxLayerExport][] = [
  [
    'MultiHeadAttention',
    {
      convert: (m, c, ...inputs) => attentionToOnnx(m as MultiHeadAttention, c, inputs),
      input: (m) => {
        const a = m as MultiHeadAttention;
        return { dataType: 'float32', shape: a.batchFirst ? ['batch', 'sequence', a.embedDim] : ['sequence', 'batch', a.embedDim] };
      },
    },
  ],
  [
    'TransformerEncoderLayer',
    {
      convert: (m, c, ...inputs) => encoderLayerToOnnx(m as TransformerEncoderLayer, c, inputs),
      input: (m) => {
        const t = m as TransformerEncoderLayer;
        return { dataType: 'float32', shape: t.batchFirst ? ['batch', 'sequence', t.dModel] : ['sequence', 'batch', t.dModel] };
      },
    },
  ],
];
