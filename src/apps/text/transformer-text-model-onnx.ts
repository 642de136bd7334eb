/**
 * The ONNX converter of TransformerTextModel: the same computation as its `forward`, written with
 * the encoder layers' converters and a padding mask computed in the graph from the ids.
 *
 *   ids [N, T] int64 → padding = (ids == 0) → tokens(ids) + positions(0…T−1) [N, T, E]
 *   → encoder layers (key padding mask) → Σ_t keep·h / Σ_t keep [N, E] → head → [N, C]
 */
import { ValueError } from '../../core/index.js';
import type { OnnxExportContext, OnnxInputSpec, OnnxValue } from '../../train/index.js';
import type { TransformerTextModel } from './transformer-text-model.js';

/**
 * Writes a TransformerTextModel as ONNX nodes (registered under its layer name).
 *
 * @throws ValueError when the ids input is missing.
 */
export function transformerTextModelToOnnx(model: TransformerTextModel, c: OnnxExportContext, ...inputs: (OnnxValue | undefined)[]): OnnxValue {
  const ids = inputs[0];
  if (ids === undefined || inputs.length > 1) throw new ValueError('exportOnnx: TransformerTextModel takes one input, the ids [N, T]');
  const int64 = (name: string, value: number): OnnxValue => c.constant(name, 'int64', [], [value]);
  const padding = c.node('Equal', [ids, int64('pad_id', 0)], {}, 2);
  const length = c.node('Gather', [c.node('Shape', [ids], {}, 1), int64('time_axis', 1)], { axis: 0 }, 0);
  const steps = c.node('Range', [int64('start', 0), length, int64('step', 1)], {}, 1);
  let h = c.node('Add', [c.child('tokens', ids), c.child('positions', steps)], {}, 3);
  for (let i = 0; i < model.sizes.numLayers; i++) h = c.child(`encoder${i}`, h, undefined, padding);
  const keep = c.node('Unsqueeze', [c.node('Cast', [c.node('Not', [padding])], { to: 1 }), c.ints('axes', [2])], {}, 3);
  const time = c.ints('time', [1]);
  const total = c.node('ReduceSum', [c.node('Mul', [h, keep]), time], { keepdims: 0 }, 2);
  const pooled = c.node('Div', [total, c.node('ReduceSum', [keep, time], { keepdims: 0 }, 2)]);
  return c.child('head', c.child('dropout', pooled));
}

/** Token ids, int64 [batch, tokens]. */
export function transformerTextModelOnnxInput(): OnnxInputSpec {
  return { dataType: 'int64', shape: ['batch', 'tokens'] };
}
