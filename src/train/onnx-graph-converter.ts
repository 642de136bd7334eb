/**
 * The ONNX converter of an imported graph (OnnxGraph): its nodes written back as they came, with
 * fresh value names and its parameters and buffers as initializers, so a model imported from ONNX,
 * fine-tuned in Sprout, exports again.
 */
import { ValueError } from '../core/index.js';
import type { OnnxGraphAttribute, OnnxGraphModule } from '../nn/index.js';
import type { OnnxAttributeInput, OnnxExportContext, OnnxInputSpec, OnnxLayerExport, OnnxValue } from './onnx-export-context.js';

function toInput(name: string, a: OnnxGraphAttribute): OnnxAttributeInput {
  switch (a.type) {
    case 'float':
      return { float: a.value };
    case 'floats':
      return { floats: a.value };
    case 'strings':
      throw new ValueError(`exportOnnx: attribute '${name}' is a list of strings, which the exporter does not write`);
    default:
      return a.value;
  }
}

function graphToOnnx(module: OnnxGraphModule, c: OnnxExportContext, inputs: readonly (OnnxValue | undefined)[]): OnnxValue {
  const spec = module.spec;
  const values = new Map<string, OnnxValue>();
  spec.inputs.forEach((input, i) => {
    const v = inputs[i];
    if (v === undefined) throw new ValueError(`exportOnnx: OnnxGraph at '${c.path}' needs its input '${input.name}'`);
    values.set(input.name, v);
  });
  for (const t of spec.tensors) values.set(t.name, c.weight(t.key));
  for (const node of spec.nodes) {
    const args = node.inputs.map((name) => (name === '' ? null : values.get(name)!));
    const attributes: Record<string, OnnxAttributeInput> = {};
    for (const [name, a] of Object.entries(node.attributes)) attributes[name] = toInput(name, a);
    const outputs = c.nodeOutputs(node.opType, args, node.outputs.length, attributes);
    node.outputs.forEach((name, i) => values.set(name, outputs[i]!));
  }
  return values.get(spec.output)!;
}

function graphInput(module: OnnxGraphModule): OnnxInputSpec | null {
  const input = module.spec.inputs[0];
  if (input === undefined || input.shape === null || module.spec.inputs.length !== 1) return null;
  return { dataType: input.dtype === 'int32' ? 'int64' : input.dtype, shape: input.shape };
}

/** The export entry of OnnxGraph. */
export const ONNX_GRAPH_EXPORT: OnnxLayerExport = {
  convert: (m, c, ...inputs) => graphToOnnx(m as OnnxGraphModule, c, inputs),
  input: (m) => graphInput(m as OnnxGraphModule),
};
