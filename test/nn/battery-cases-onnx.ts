/** Layer-battery case for OnnxGraph, the module an imported ONNX file becomes (run by layers.test.ts). */
import { importOnnx, Linear, randn, ReLU, Sequential } from '../../src/index.js';
import { exportOnnx } from '../../src/train/index.js';
import type { BatteryCase } from './layer-battery.js';

export const ONNX_CASES: BatteryCase[] = [
  {
    type: 'OnnxGraph',
    variant: 'an exported 4-6-3 MLP, imported',
    build: (generator) => importOnnx(exportOnnx(new Sequential(new Linear(4, 6, { generator }), new ReLU(), new Linear(6, 3, { generator })))),
    inputs: (generator) => [randn([5, 4], { generator })],
    expectedOutputShape: [5, 3],
    expectedParameterCount: 4 * 6 + 6 + 6 * 3 + 3,
  },
];
