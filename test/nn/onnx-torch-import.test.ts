/**
 * ONNX files written by PyTorch's exporter (tools/fixtures/generate_torch_onnx_fixtures.py) import
 * into Sprout and compute PyTorch's outputs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { importOnnx, tensor } from '../../src/index.js';
import { decodeOnnxModel } from '../../src/io/index.js';
import { ROOT } from '../cli/run-sprout.js';

interface Case {
  readonly name: string;
  readonly input: { readonly dtype: 'float32' | 'int32'; readonly shape: number[]; readonly values: number[] };
  readonly output: { readonly shape: number[]; readonly values: number[] };
}

const DIR = join(ROOT, 'test', 'fixtures', 'torch', 'onnx');
const { cases } = JSON.parse(readFileSync(join(DIR, 'cases.json'), 'utf8')) as { cases: Case[] };

for (const c of cases) {
  test(`PyTorch's ONNX export of the ${c.name} imports and matches PyTorch within 1e-4`, () => {
    const bytes = new Uint8Array(readFileSync(join(DIR, `${c.name}.onnx`)));
    const ops = new Set(decodeOnnxModel(bytes).graph.nodes.map((n) => n.opType));
    const module = importOnnx(bytes);
    module.eval();
    const y = module.forward(tensor(c.input.values, { dtype: c.input.dtype, shape: c.input.shape }));
    assert.deepEqual(y.shape, c.output.shape);
    const got = y.dataSync();
    c.output.values.forEach((want, i) => assert.ok(Math.abs(got[i]! - want) <= 1e-4, `${c.name} (ops ${[...ops].join(', ')}): output ${i} is ${got[i]}, PyTorch ${want}`));
  });
}
