/**
 * ONNX export: a Sprout module (or Model) as an ONNX model (opset 17, a dynamic batch dimension),
 * so ONNX Runtime and other ONNX engines can run what Sprout trained (DESIGN.md, "Growing past one
 * machine").
 *
 * Each layer type has a converter that writes the ONNX operators computing its evaluation-mode
 * forward. They live in a registry keyed by the layer's registered name, like the layer registry:
 * Sprout's layers are built in, and a layer defined above `train/` (a pipeline's model in `apps/`)
 * registers its own with {@link registerOnnxConverter}. The graph is built here, in `train/`,
 * because it needs the layers (`nn/`); the protobuf reading and writing is in `io/onnx-model.ts`.
 */
import { ValueError } from '../core/index.js';
import { encodeOnnxModel, type OnnxDataType, type OnnxModel } from '../io/index.js';
import { type Module } from '../nn/index.js';
import { Model } from './model.js';
import { ATTENTION_EXPORTS } from './onnx-attention-converters.js';
import { type OnnxConverter, OnnxExportContext, type OnnxInputSpec, type OnnxLayerExport } from './onnx-export-context.js';
import { ONNX_GRAPH_EXPORT } from './onnx-graph-converter.js';
import { layerExports } from './onnx-layer-converters.js';
import { SPROUT_VERSION } from './version.js';

/** The ONNX operator set the converters write (ONNX 1.12, 2022; every current runtime reads it). */
export const ONNX_OPSET = 17;
/** The IR version that goes with opset 17. */
export const ONNX_IR_VERSION = 8;

const exports = new Map<string, OnnxLayerExport>();

/** The input a module expects, from its converter entry; null when it cannot tell. */
function describeInput(module: Module): OnnxInputSpec | null {
  return exports.get(module.typeName)?.input?.(module) ?? null;
}

for (const [name, entry] of [...layerExports(describeInput), ...ATTENTION_EXPORTS, ['OnnxGraph', ONNX_GRAPH_EXPORT] as const]) exports.set(name, entry);

/**
 * Makes a layer type exportable to ONNX.
 *
 * @param typeName The layer's registered name (its `typeName`).
 * @param convert Writes the layer's evaluation-mode forward as ONNX nodes (see OnnxExportContext).
 * @param input Describes the input the layer expects, used when it is the first layer of a model.
 * @throws ValueError when the type already has a converter.
 * @example
 * registerOnnxConverter('Scale', (m, c, x) => c.node('Mul', [x!, c.scalar('factor', (m as Scale).factor)]));
 */
export function registerOnnxConverter<M extends Module>(typeName: string, convert: OnnxConverter<M>, input?: (module: M) => OnnxInputSpec | null): void {
  if (exports.has(typeName)) throw new ValueError(`registerOnnxConverter: '${typeName}' already has an ONNX converter`);
  exports.set(typeName, { convert: convert as OnnxConverter, ...(input === undefined ? {} : { input: input as (m: Module) => OnnxInputSpec | null }) });
}

/** Names of the layer types that have an ONNX converter. */
export function onnxExportableLayers(): string[] {
  return [...exports.keys()];
}

/** Options of {@link moduleToOnnx}. */
export interface OnnxExportOptions {
  /**
   * The input's shape including the batch dimension; strings name dynamic dimensions. Default:
   * what the first layer expects (Linear: ['batch', inFeatures]; Conv2d: ['batch', C, 'height',
   * 'width']; Embedding: ['batch', 'sequence'] of int64 ids).
   */
  readonly inputShape?: readonly (number | string)[];
  /** The input's element type (default: the first layer's: float32, or int64 for token ids). */
  readonly inputType?: OnnxDataType;
  /** Name of the graph input (default 'input'). */
  readonly inputName?: string;
  /** Name of the graph output (default 'output'). */
  readonly outputName?: string;
  /** Name of the graph (default: the module's type). */
  readonly graphName?: string;
  /** metadata_props to store (labels, notes). */
  readonly metadata?: { readonly [key: string]: string };
}

/**
 * The ONNX model of `model`'s evaluation-mode forward (dropout off, batch norm with its running
 * statistics). Weights become initializers named by their state-dict names.
 *
 * @param model A Model or Module whose layers all have converters (Sprout's layers except GroupNorm,
 *   LSTM, GRU; see docs/onnx.md), with float32 weights.
 * @throws ValueError naming the layer when a layer has no converter or an option it uses cannot be
 *   expressed (a BatchNorm without running statistics, cross-attention), for float64 weights, or
 *   when the input cannot be inferred and `inputShape` is not given.
 * @example
 * const onnx = moduleToOnnx(model, { metadata: { labels: JSON.stringify(labels) } });
 */
export function moduleToOnnx(model: Model | Module, options: OnnxExportOptions = {}): OnnxModel {
  const module = model instanceof Model ? model.module : model;
  const wide = [...module.stateDict()].find(([, t]) => t.dtype === 'float64');
  if (wide !== undefined) throw new ValueError(`exportOnnx: '${wide[0]}' is float64; the exporter writes float32 models (build the model with dtype float32)`);
  const inferred = describeInput(module);
  const shape = options.inputShape ?? inferred?.shape;
  if (shape === undefined) {
    throw new ValueError(`exportOnnx: cannot tell the input shape of a ${module.typeName} model; pass inputShape (with the batch dimension, e.g. ['batch', 3, 32, 32])`);
  }
  const dataType = options.inputType ?? inferred?.dataType ?? 'float32';
  const inputName = options.inputName ?? 'input';
  const outputName = options.outputName ?? 'output';
  const context = OnnxExportContext.root(module, (typeName) => exports.get(typeName));
  context.reserve(inputName);
  context.reserve(outputName);
  const output = context.convert(module, '', { name: inputName, rank: shape.length });
  context.nameOutput(output, outputName);
  return {
    irVersion: ONNX_IR_VERSION,
    opsetImports: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'sprout',
    producerVersion: SPROUT_VERSION,
    graph: {
      name: options.graphName ?? module.typeName,
      nodes: context.nodes,
      initializers: context.initializers,
      inputs: [{ name: inputName, dataType, shape }],
      outputs: [{ name: outputName, dataType: 'float32', shape: null }],
    },
    metadata: { ...(options.metadata ?? {}) },
  };
}

/**
 * `moduleToOnnx` serialised: the bytes of an `.onnx` file.
 *
 * @throws ValueError as {@link moduleToOnnx}.
 * @example
 * const bytes = exportOnnx(model);            // then write it to model.onnx (saveOnnx in sprout/node)
 */
export function exportOnnx(model: Model | Module, options: OnnxExportOptions = {}): Uint8Array {
  return encodeOnnxModel(moduleToOnnx(model, options));
}
