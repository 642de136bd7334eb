/**
 * Runs the layer battery on every layer Sprout can save. A registered layer without a battery case
 * fails the last test, so new layers cannot skip it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GELU, LeakyReLU, Linear, randn, registeredLayers, ReLU, Sequential, Sigmoid, Softmax, Tanh } from '../../src/index.js';
import { APPS_CASES } from './battery-cases-apps.js';
import { CONV_CASES } from './battery-cases-conv.js';
import { NORM_CASES } from './battery-cases-norm.js';
import { ONNX_CASES } from './battery-cases-onnx.js';
import { SEQUENCE_CASES } from './battery-cases-sequence.js';
import { type BatteryCase, runLayerBattery } from './layer-battery.js';

const CASES: BatteryCase[] = [
  {
    type: 'Linear',
    variant: 'with bias',
    build: (generator) => new Linear(5, 3, { generator }),
    inputs: (generator) => [randn([4, 5], { generator })],
    expectedOutputShape: [4, 3],
    expectedParameterCount: 18,
  },
  {
    type: 'Linear',
    variant: 'no bias, no batch dimension',
    build: (generator) => new Linear(5, 3, { bias: false, generator }),
    inputs: (generator) => [randn([5], { generator })],
    expectedOutputShape: [3],
    expectedParameterCount: 15,
  },
  {
    type: 'Sequential',
    variant: 'MLP',
    build: (generator) => new Sequential(new Linear(4, 6, { generator }), new Tanh(), new Linear(6, 2, { generator })),
    inputs: (generator) => [randn([3, 4], { generator })],
    expectedOutputShape: [3, 2],
    expectedParameterCount: 4 * 6 + 6 + 6 * 2 + 2,
  },
  ...(
    [
      ['ReLU', () => new ReLU()],
      ['LeakyReLU', () => new LeakyReLU(0.2)],
      ['Sigmoid', () => new Sigmoid()],
      ['Tanh', () => new Tanh()],
      ['GELU', () => new GELU('tanh')],
      ['Softmax', () => new Softmax(1)],
    ] as const
  ).map(([type, build]): BatteryCase => ({
    type,
    variant: 'activation',
    build,
    inputs: (generator) => [randn([3, 4], { generator })],
    expectedOutputShape: [3, 4],
    expectedParameterCount: 0,
  })),
  ...CONV_CASES,
  ...NORM_CASES,
  ...SEQUENCE_CASES,
  ...APPS_CASES,
  ...ONNX_CASES,
];

for (const c of CASES) {
  test(`layer battery: ${c.type} (${c.variant})`, () => runLayerBattery(c));
}

test('every registered layer type has a battery case', () => {
  const covered = new Set(CASES.map((c) => c.type));
  const missing = registeredLayers().filter((type) => !covered.has(type));
  assert.deepEqual(missing, [], `layers without a battery case: ${missing.join(', ')}`);
});
