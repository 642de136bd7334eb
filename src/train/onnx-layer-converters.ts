/**
 * ONNX converters of Sprout's feed-forward layers (opset 17): each layer in evaluation mode as the
 * ONNX operators that compute the same function. Dropout is the identity, batch norm uses the
 * running statistics. Shape legend: N batch, C channels, H×W spatial, F features.
 */
import { ValueError } from '../core/index.js';
import {
  type AvgPool2d,
  type BatchNormBase,
  type Conv1d,
  Conv2d,
  type Flatten,
  type GELU,
  type LayerNorm,
  type LeakyReLU,
  type Linear,
  MaxPool2d,
  type Module,
  type Residual,
  type Sequential,
  type Softmax,
} from '../nn/index.js';
import { convPadding } from '../nn/conv-arguments.js';
import type { OnnxExportContext, OnnxInputSpec, OnnxLayerExport, OnnxValue } from './onnx-export-context.js';

/** The one input a single-input layer was given; refuses a missing one. */
export function only(module: Module, inputs: readonly (OnnxValue | undefined)[]): OnnxValue {
  const x = inputs[0];
  if (x === undefined || inputs.slice(1).some((v) => v !== undefined)) {
    throw new ValueError(`exportOnnx: ${module.typeName} takes one input, got ${inputs.filter((v) => v !== undefined).length}`);
  }
  return x;
}

/** y = x Wᵀ + b: Gemm for a matrix, MatMul with the transposed weight (folded by runtimes) above. */
export function linearToOnnx(layer: Linear, c: OnnxExportContext, x: OnnxValue): OnnxValue {
  const weight = c.weight('weight');
  const bias = layer.bias === null ? null : c.weight('bias');
  if (x.rank === 2) return c.node('Gemm', bias === null ? [x, weight] : [x, weight, bias], { transB: 1 }, 2);
  const y = c.node('MatMul', [x, c.node('Transpose', [weight], { perm: [1, 0] })], {}, x.rank);
  return bias === null ? y : c.node('Add', [y, bias]);
}

function unaryExport(opType: string): OnnxLayerExport {
  return { convert: (m, c, ...inputs) => c.node(opType, [only(m, inputs)]) };
}

/** GELU: exact ½x(1 + erf(x/√2)) or the tanh form ½x(1 + tanh(√(2/π)(x + 0.044715x³))), as Sprout computes it. */
export function geluToOnnx(c: OnnxExportContext, x: OnnxValue, approximate: 'none' | 'tanh'): OnnxValue {
  if (approximate === 'tanh') {
    const cube = c.node('Mul', [c.node('Mul', [x, x]), x]);
    const inner = c.node('Mul', [c.node('Add', [x, c.node('Mul', [cube, c.scalar('gelu_c', 0.044715)])]), c.scalar('gelu_k', Math.sqrt(2 / Math.PI))]);
    return c.node('Mul', [c.node('Mul', [x, c.scalar('half', 0.5)]), c.node('Add', [c.node('Tanh', [inner]), c.scalar('one', 1)])]);
  }
  const erf = c.node('Erf', [c.node('Div', [x, c.scalar('sqrt2', Math.SQRT2)])]);
  return c.node('Mul', [c.node('Mul', [x, c.scalar('half', 0.5)]), c.node('Add', [erf, c.scalar('one', 1)])]);
}

function flattenToOnnx(layer: Flatten, c: OnnxExportContext, x: OnnxValue): OnnxValue {
  const start = layer.startAxis < 0 ? layer.startAxis + x.rank : layer.startAxis;
  const end = layer.endAxis < 0 ? layer.endAxis + x.rank : layer.endAxis;
  if (end !== x.rank - 1) throw new ValueError(`exportOnnx: Flatten with endAxis ${layer.endAxis} on a rank-${x.rank} input is not exported; only flattening to the last axis is`);
  if (start === 1) return c.node('Flatten', [x], { axis: 1 }, 2);
  // Reshape's 0 copies the input's dimension at the same index: the leading ones stay, the rest fold.
  return c.node('Reshape', [x, c.ints('shape', [...new Array<number>(start).fill(0), -1])], {}, start + 1);
}

function convToOnnx(layer: Conv1d | Conv2d, c: OnnxExportContext, x: OnnxValue): OnnxValue {
  const two = layer instanceof Conv2d;
  const kernel = two ? [...layer.kernelSize] : [layer.kernelSize];
  const stride = two ? [...layer.stride] : [layer.stride];
  const dilation = two ? [...layer.dilation] : [layer.dilation];
  const pads = convPadding(layer.typeName, layer.padding, kernel, stride, dilation);
  const inputs = [x, c.weight('weight'), ...(layer.bias === null ? [] : [c.weight('bias')])];
  return c.node('Conv', inputs, {
    kernel_shape: kernel,
    strides: stride,
    dilations: dilation,
    pads: [...pads.map((p) => p[0]), ...pads.map((p) => p[1])],
    group: layer.groups,
  });
}

function poolToOnnx(layer: MaxPool2d | AvgPool2d, c: OnnxExportContext, x: OnnxValue): OnnxValue {
  const pads = [...layer.padding, ...layer.padding];
  if (layer instanceof MaxPool2d) {
    return c.node('MaxPool', [x], { kernel_shape: [...layer.kernelSize], strides: [...layer.stride], pads, dilations: [...layer.dilation] });
  }
  // Sprout's average pool counts padded zeros, as PyTorch's default count_include_pad = true.
  return c.node('AveragePool', [x], { kernel_shape: [...layer.kernelSize], strides: [...layer.stride], pads, count_include_pad: 1 });
}

function batchNormToOnnx(layer: BatchNormBase, c: OnnxExportContext, x: OnnxValue): OnnxValue {
  if (layer.runningMean === null) {
    throw new ValueError(`exportOnnx: ${layer.typeName} at '${c.path}' has trackRunningStats false (it normalises with batch statistics), which ONNX inference does not do`);
  }
  const n = layer.numFeatures;
  const scale = layer.weight === null ? c.constant('scale', 'float32', [n], new Array<number>(n).fill(1)) : c.weight('weight');
  const bias = layer.bias === null ? c.constant('bias', 'float32', [n], new Array<number>(n).fill(0)) : c.weight('bias');
  return c.node('BatchNormalization', [x, scale, bias, c.weight('running_mean'), c.weight('running_var')], { epsilon: { float: layer.eps } });
}

function layerNormToOnnx(layer: LayerNorm, c: OnnxExportContext, x: OnnxValue): OnnxValue {
  const dims = layer.normalizedShape;
  const count = dims.reduce((a, b) => a * b, 1);
  const scale = layer.weight === null ? c.constant('scale', 'float32', dims, new Array<number>(count).fill(1)) : c.weight('weight');
  const bias = layer.bias === null ? c.constant('bias', 'float32', dims, new Array<number>(count).fill(0)) : c.weight('bias');
  return c.node('LayerNormalization', [x, scale, bias], { axis: -dims.length, epsilon: { float: layer.eps } });
}

function sequentialToOnnx(layer: Sequential, c: OnnxExportContext, x: OnnxValue): OnnxValue {
  let h = x;
  for (let i = 0; i < layer.length; i++) h = c.child(String(i), h);
  return h;
}

/**
 * The converters of the feed-forward layers, by registered type name. `describeInput` gives the
 * input of a nested module (for containers, whose input is their first layer's).
 */
export function layerExports(describeInput: (m: Module) => OnnxInputSpec | null): [string, OnnxLayerExport][] {
  const features = (count: number) => ({ dataType: 'float32' as const, shape: ['batch', count] });
  return [
    ['Linear', { convert: (m, c, ...i) => linearToOnnx(m as Linear, c, only(m, i)), input: (m) => features((m as Linear).inFeatures) }],
    ['ReLU', unaryExport('Relu')],
    ['Sigmoid', unaryExport('Sigmoid')],
    ['Tanh', unaryExport('Tanh')],
    ['LeakyReLU', { convert: (m, c, ...i) => c.node('LeakyRelu', [only(m, i)], { alpha: { float: (m as LeakyReLU).negativeSlope } }) }],
    ['GELU', { convert: (m, c, ...i) => geluToOnnx(c, only(m, i), (m as GELU).approximate) }],
    ['Softmax', { convert: (m, c, ...i) => c.node('Softmax', [only(m, i)], { axis: (m as Softmax).axis }) }],
    ['Dropout', { convert: (m, _c, ...i) => only(m, i) }],
    ['Flatten', { convert: (m, c, ...i) => flattenToOnnx(m as Flatten, c, only(m, i)) }],
    [
      'Conv1d',
      { convert: (m, c, ...i) => convToOnnx(m as Conv1d, c, only(m, i)), input: (m) => ({ dataType: 'float32', shape: ['batch', (m as Conv1d).inChannels, 'length'] }) },
    ],
    [
      'Conv2d',
      { convert: (m, c, ...i) => convToOnnx(m as Conv2d, c, only(m, i)), input: (m) => ({ dataType: 'float32', shape: ['batch', (m as Conv2d).inChannels, 'height', 'width'] }) },
    ],
    ['MaxPool2d', { convert: (m, c, ...i) => poolToOnnx(m as MaxPool2d, c, only(m, i)) }],
    ['AvgPool2d', { convert: (m, c, ...i) => poolToOnnx(m as AvgPool2d, c, only(m, i)) }],
    ['GlobalAvgPool2d', { convert: (m, c, ...i) => c.node('Flatten', [c.node('GlobalAveragePool', [only(m, i)])], { axis: 1 }, 2) }],
    ['BatchNorm1d', { convert: (m, c, ...i) => batchNormToOnnx(m as BatchNormBase, c, only(m, i)), input: (m) => features((m as BatchNormBase).numFeatures) }],
    [
      'BatchNorm2d',
      {
        convert: (m, c, ...i) => batchNormToOnnx(m as BatchNormBase, c, only(m, i)),
        input: (m) => ({ dataType: 'float32', shape: ['batch', (m as BatchNormBase).numFeatures, 'height', 'width'] }),
      },
    ],
    ['LayerNorm', { convert: (m, c, ...i) => layerNormToOnnx(m as LayerNorm, c, only(m, i)) }],
    [
      'Embedding',
      { convert: (m, c, ...i) => c.node('Gather', [c.weight('weight'), only(m, i)], { axis: 0 }, only(m, i).rank + 1), input: () => ({ dataType: 'int64', shape: ['batch', 'sequence'] }) },
    ],
    ['Residual', { convert: (m, c, ...i) => c.node('Add', [only(m, i), c.child('block', only(m, i))]), input: (m) => describeInput((m as Residual).block) }],
    [
      'Sequential',
      {
        convert: (m, c, ...i) => sequentialToOnnx(m as Sequential, c, only(m, i)),
        input: (m) => ((m as Sequential).length > 0 ? describeInput((m as Sequential).at(0)) : null),
      },
    ],
  ];
}
