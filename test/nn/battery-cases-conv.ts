/** Layer-battery cases for the conv layers (run by layers.test.ts). */
import { randn } from '../../src/index.js';
import { AvgPool2d } from '../../src/nn/avg-pool2d.js';
import { Conv1d } from '../../src/nn/conv1d.js';
import { Conv2d } from '../../src/nn/conv2d.js';
import { Flatten } from '../../src/nn/flatten.js';
import { GlobalAvgPool2d } from '../../src/nn/global-avg-pool2d.js';
import { MaxPool2d } from '../../src/nn/max-pool2d.js';
import type { BatteryCase } from './layer-battery.js';

export const CONV_CASES: BatteryCase[] = [
  {
    type: 'Conv1d',
    variant: 'stride 2, padding 1',
    build: (generator) => new Conv1d(3, 4, 3, { stride: 2, padding: 1, generator }),
    inputs: (generator) => [randn([2, 3, 9], { generator })],
    expectedOutputShape: [2, 4, 5],
    expectedParameterCount: 4 * 3 * 3 + 4,
  },
  {
    type: 'Conv1d',
    variant: "groups 2, dilation 2, 'same', no bias, no batch dimension",
    build: (generator) => new Conv1d(4, 2, 3, { groups: 2, dilation: 2, padding: 'same', bias: false, generator }),
    inputs: (generator) => [randn([4, 7], { generator })],
    expectedOutputShape: [2, 7],
    expectedParameterCount: 2 * 2 * 3,
  },
  {
    type: 'Conv2d',
    variant: '3×3, padding 1',
    build: (generator) => new Conv2d(2, 3, 3, { padding: 1, generator }),
    inputs: (generator) => [randn([2, 2, 5, 5], { generator })],
    expectedOutputShape: [2, 3, 5, 5],
    expectedParameterCount: 3 * 2 * 9 + 3,
  },
  {
    type: 'Conv2d',
    variant: 'pairs, stride (2, 1), dilation (1, 2), no bias',
    build: (generator) => new Conv2d(2, 4, [3, 2], { stride: [2, 1], padding: [1, 0], dilation: [1, 2], bias: false, generator }),
    inputs: (generator) => [randn([2, 2, 6, 6], { generator })],
    expectedOutputShape: [2, 4, 3, 4],
    expectedParameterCount: 4 * 2 * 3 * 2,
  },
  {
    type: 'Conv2d',
    variant: "depthwise, 'same' with an even kernel, no batch dimension",
    build: (generator) => new Conv2d(3, 3, 2, { groups: 3, padding: 'same', generator }),
    inputs: (generator) => [randn([3, 4, 5], { generator })],
    expectedOutputShape: [3, 4, 5],
    expectedParameterCount: 3 * 1 * 4 + 3,
  },
  {
    type: 'MaxPool2d',
    variant: '2×2',
    build: () => new MaxPool2d(2),
    inputs: (generator) => [randn([2, 3, 6, 7], { generator })],
    expectedOutputShape: [2, 3, 3, 3],
    expectedParameterCount: 0,
  },
  {
    type: 'MaxPool2d',
    variant: '3×3, stride 2, padding 1, no batch dimension',
    build: () => new MaxPool2d(3, { stride: 2, padding: 1 }),
    inputs: (generator) => [randn([3, 7, 8], { generator })],
    expectedOutputShape: [3, 4, 4],
    expectedParameterCount: 0,
  },
  {
    type: 'AvgPool2d',
    variant: '2×2',
    build: () => new AvgPool2d(2),
    inputs: (generator) => [randn([2, 3, 6, 7], { generator })],
    expectedOutputShape: [2, 3, 3, 3],
    expectedParameterCount: 0,
  },
  {
    type: 'AvgPool2d',
    variant: '(3, 2), stride 1, padding (1, 1)',
    build: () => new AvgPool2d([3, 2], { stride: 1, padding: [1, 1] }),
    inputs: (generator) => [randn([2, 2, 4, 4], { generator })],
    expectedOutputShape: [2, 2, 4, 5],
    expectedParameterCount: 0,
  },
  {
    type: 'GlobalAvgPool2d',
    variant: 'batched',
    build: () => new GlobalAvgPool2d(),
    inputs: (generator) => [randn([2, 3, 4, 5], { generator })],
    expectedOutputShape: [2, 3],
    expectedParameterCount: 0,
  },
  {
    type: 'Flatten',
    variant: 'defaults',
    build: () => new Flatten(),
    inputs: (generator) => [randn([2, 3, 4, 5], { generator })],
    expectedOutputShape: [2, 60],
    expectedParameterCount: 0,
  },
  {
    type: 'Flatten',
    variant: 'axes -3 … -2',
    build: () => new Flatten(-3, -2),
    inputs: (generator) => [randn([2, 3, 4, 5], { generator })],
    expectedOutputShape: [2, 12, 5],
    expectedParameterCount: 0,
  },
];
