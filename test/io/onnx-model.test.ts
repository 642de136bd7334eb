import assert from 'node:assert/strict';
import { test } from 'node:test';
import protobuf from 'protobufjs/light.js';
import { ModelFormatError } from '../../src/index.js';
import { decodeOnnxModel, encodeOnnxModel, type OnnxModel } from '../../src/io/index.js';
import { ONNX_SCHEMA } from '../../src/io/onnx-schema.js';

const modelType = protobuf.Root.fromJSON(ONNX_SCHEMA as unknown as protobuf.INamespace).lookupType('onnx.ModelProto');

/** Bytes of a ModelProto written straight through protobufjs (as another producer would). */
function rawModel(graph: Record<string, unknown>, extra: Record<string, unknown> = {}): Uint8Array {
  const message = { irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph, ...extra };
  return modelType.encode(modelType.fromObject(message)).finish();
}

function sample(): OnnxModel {
  return {
    irVersion: 8,
    opsetImports: [{ domain: '', version: 17 }],
    producerName: 'sprout-test',
    producerVersion: '1.2.3',
    metadata: { labels: '["a","b"]' },
    graph: {
      name: 'g',
      inputs: [{ name: 'x', dataType: 'float32', shape: ['batch', 3] }],
      outputs: [{ name: 'y', dataType: 'float32', shape: null }],
      initializers: [
        { name: 'w', dataType: 'float32', dims: [2, 3], values: Float32Array.of(1.5, -2, 0, 3.25, -0, 1e-7) },
        { name: 'd', dataType: 'float64', dims: [1], values: Float64Array.of(Math.PI) },
        { name: 'shape', dataType: 'int64', dims: [3], values: Int32Array.of(0, -1, 2 ** 31 - 1) },
        { name: 'i', dataType: 'int32', dims: [], values: Int32Array.of(-7) },
        { name: 'mask', dataType: 'bool', dims: [2], values: Uint8Array.of(1, 0) },
      ],
      nodes: [
        {
          name: 'n0',
          opType: 'Gemm',
          domain: '',
          inputs: ['x', 'w', ''],
          outputs: ['y'],
          attributes: {
            transB: { type: 'int', value: 1 },
            alpha: { type: 'float', value: 0.5 },
            mode: { type: 'string', value: 'constant' },
            perm: { type: 'ints', value: [1, 0, -1] },
            scales: { type: 'floats', value: [0.25, 2] },
            names: { type: 'strings', value: ['p', 'q'] },
          },
        },
      ],
    },
  };
}

test('encodeOnnxModel then decodeOnnxModel gives back every field, tensor and attribute', () => {
  const model = sample();
  const back = decodeOnnxModel(encodeOnnxModel(model));
  assert.equal(back.irVersion, 8);
  assert.deepEqual(back.opsetImports, [{ domain: '', version: 17 }]);
  assert.equal(back.producerName, 'sprout-test');
  assert.equal(back.producerVersion, '1.2.3');
  assert.deepEqual(back.metadata, { labels: '["a","b"]' });
  assert.deepEqual(back.graph.inputs, model.graph.inputs);
  assert.deepEqual(back.graph.outputs, model.graph.outputs);
  assert.deepEqual(back.graph.nodes, model.graph.nodes);
  for (const [i, t] of model.graph.initializers.entries()) {
    const got = back.graph.initializers[i]!;
    assert.equal(got.name, t.name);
    assert.equal(got.dataType, t.dataType);
    assert.deepEqual(got.dims, t.dims);
    assert.deepEqual(Array.from(got.values), Array.from(t.values), `values of ${t.name}`);
    assert.equal(got.values.constructor, t.values.constructor, `array type of ${t.name}`);
  }
});

test('decodeOnnxModel reads the typed data fields other producers write, and clamps int64 sentinels to int32', () => {
  const bytes = rawModel({
    name: 'typed',
    initializer: [
      { name: 'f', dims: [2], dataType: 1, floatData: [0.5, -1] },
      { name: 'l', dims: [2], dataType: 7, int64Data: [-3, '9223372036854775807'] },
      { name: 'u8', dims: [2], dataType: 2, rawData: Uint8Array.of(200, 7) },
    ],
    output: [{ name: 'f', type: { tensorType: { elemType: 1 } } }],
  });
  const [f, l, u8] = decodeOnnxModel(bytes).graph.initializers;
  assert.deepEqual(Array.from(f!.values), [0.5, -1]);
  assert.deepEqual(Array.from(l!.values), [-3, 2 ** 31 - 1]);
  assert.equal(u8!.dataType, 'int32');
  assert.deepEqual(Array.from(u8!.values), [200, 7]);
});

function rejects(bytes: Uint8Array, pattern: RegExp): void {
  assert.throws(
    () => decodeOnnxModel(bytes),
    (error: unknown) => error instanceof ModelFormatError && pattern.test(error.message),
  );
}

test('decodeOnnxModel refuses what is not an ONNX model, with ModelFormatError', () => {
  rejects(new TextEncoder().encode('{"format": "sprout-model", "formatVersion": 1}'), /not an ONNX model/);
  rejects(Uint8Array.of(0xff, 0xff, 0xff), /not an ONNX model/);
  rejects(new Uint8Array(0), /not an ONNX model/);
  rejects(modelType.encode(modelType.fromObject({ irVersion: 8, graph: { name: 'g' } })).finish(), /operator sets/);
});

test('decodeOnnxModel names the tensor whose data is missing, external or of an unread type', () => {
  rejects(rawModel({ initializer: [{ name: 'short', dims: [3], dataType: 1, rawData: new Uint8Array(8) }] }), /'short'.*3 values.*8 bytes/);
  rejects(rawModel({ initializer: [{ name: 'far', dims: [1], dataType: 1, dataLocation: 1, externalData: [{ key: 'location', value: 'w.bin' }] }] }), /'far'.*external file/);
  rejects(rawModel({ initializer: [{ name: 'half', dims: [1], dataType: 10, rawData: new Uint8Array(2) }] }), /'half'.*data type 10/);
  rejects(rawModel({ input: [{ name: 'seq', type: {} }] }), /'seq' is not a tensor/);
});
