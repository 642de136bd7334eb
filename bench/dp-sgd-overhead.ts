/**
 * The time DP-SGD adds to training: the same model, data, batch size and optimiser trained one
 * epoch at a time without and with `compile({ privacy })`, the two taking turns round by round so
 * that load from other jobs hits both alike; reports median seconds per epoch and their ratio.
 *
 *   npx tsx bench/dp-sgd-overhead.ts [--model mlp|cnn] [--samples N] [--batch-size B] [--rounds R] [--json]
 *
 * The private run uses a fixed noise multiplier (σ 1) so the noise calibration, which happens
 * once per training run, is not timed. Data: the first N Fashion-MNIST training images
 * (`apt-get install -y dataset-fashion-mnist`, or FASHION_MNIST_DIR).
 */
import { parseArgs } from 'node:util';
import { loadFashionMnist, requireFashionMnist } from '../examples/fashion-mnist-files.js';
import {
  Conv2d,
  Flatten,
  Generator,
  Linear,
  MaxPool2d,
  Model,
  type Module,
  privateTraining,
  ReLU,
  SGD,
  Sequential,
  Tanh,
} from '../src/index.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'mlp' },
    samples: { type: 'string', default: '12000' },
    'batch-size': { type: 'string', default: '512' },
    rounds: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
  },
});
const kind = values.model === 'cnn' ? 'cnn' : 'mlp';
const samples = Number(values.samples);
const batchSize = Number(values['batch-size']);
const rounds = Number(values.rounds);
requireFashionMnist();
const { x, y } = await loadFashionMnist('train', samples, kind === 'mlp' ? 'flat' : 'image');

function build(): Module {
  const g = new Generator(0);
  if (kind === 'mlp') return new Sequential(new Linear(784, 128, { generator: g }), new Tanh(), new Linear(128, 10, { generator: g }));
  return new Sequential(
    new Conv2d(1, 16, 3, { padding: 1, generator: g }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(16, 32, 3, { padding: 1, generator: g }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(32 * 7 * 7, 10, { generator: g }),
  );
}

function model(isPrivate: boolean): Model {
  const module = build();
  const m = new Model(module);
  m.compile({
    optimizer: new SGD(module.parameters(), { lr: 0.05, momentum: 0.9 }),
    loss: 'crossEntropy',
    ...(isPrivate ? { privacy: privateTraining({ noiseMultiplier: 1, maxGradNorm: 1 }) } : {}),
  });
  return m;
}

const runs = { plain: model(false), private: model(true) };
const times: Record<'plain' | 'private', number[]> = { plain: [], private: [] };
for (let round = 0; round < rounds; round++) {
  for (const which of ['plain', 'private'] as const) {
    const started = performance.now();
    await runs[which].fit(x, y, { epochs: 1, batchSize, verbose: 0 });
    times[which].push((performance.now() - started) / 1000);
  }
}
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const result = {
  model: kind,
  samples,
  batchSize,
  rounds,
  plainSeconds: median(times.plain),
  privateSeconds: median(times.private),
  overhead: median(times.private) / median(times.plain),
};
if (values.json) console.log(JSON.stringify(result));
else console.log(`${kind}: ${result.plainSeconds.toFixed(2)} s/epoch without privacy, ${result.privateSeconds.toFixed(2)} s/epoch with DP-SGD: ${result.overhead.toFixed(2)}×`);
