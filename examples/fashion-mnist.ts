/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017): 70,000 28×28 grey-scale images of clothing in 10
 * classes, trained with an MLP (784-256-128-10) or a small CNN (two conv + pool blocks, dense).
 *
 * The data comes from Debian's package: `apt-get install -y dataset-fashion-mnist` (files under
 * /usr/share/datasets/fashion-mnist; override with FASHION_MNIST_DIR).
 *
 *   npx tsx examples/fashion-mnist.ts --model mlp|cnn [--channels C1,C2] [--epochs N] [--batch-size N]
 *     [--train-limit N] [--test-limit N] [--json]
 *
 * --channels sets the CNN's two convolution widths (default 32,64).
 *
 * With --json the last line of stdout is {"model", "epochs", "testAccuracy", "seconds", …}.
 */
import { parseArgs } from 'node:util';
import { loadFashionMnist, requireFashionMnist } from './fashion-mnist-files.js';
import {
  Conv2d,
  Flatten,
  Generator,
  Linear,
  MaxPool2d,
  Model,
  type Module,
  ReLU,
  Sequential,
} from '../src/index.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'mlp' },
    channels: { type: 'string', default: '32,64' },
    epochs: { type: 'string', default: '10' },
    'batch-size': { type: 'string', default: '128' },
    'learning-rate': { type: 'string', default: '0.001' },
    'train-limit': { type: 'string' },
    'test-limit': { type: 'string' },
    seed: { type: 'string', default: '0' },
    json: { type: 'boolean', default: false },
  },
});

function positive(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a positive integer, got '${text}'`);
    process.exit(2);
  }
  return value;
}

const kind = values.model;
if (kind !== 'mlp' && kind !== 'cnn') {
  console.error(`--model must be 'mlp' or 'cnn', got '${kind}'`);
  process.exit(2);
}
const epochs = positive('epochs', values.epochs)!;
const batchSize = positive('batch-size', values['batch-size'])!;
const learningRate = Number(values['learning-rate']);
const trainLimit = positive('train-limit', values['train-limit']);
const testLimit = positive('test-limit', values['test-limit']);
const seed = Number(values.seed);
const channels = values.channels.split(',').map((c) => positive('channels', c.trim())!);
if (channels.length !== 2) {
  console.error(`--channels must be two widths such as 32,64, got '${values.channels}'`);
  process.exit(2);
}
const [c1, c2] = channels as [number, number];

requireFashionMnist();

function build(generator: Generator): Module {
  if (kind === 'mlp') {
    return new Sequential(
      new Linear(784, 256, { generator }),
      new ReLU(),
      new Linear(256, 128, { generator }),
      new ReLU(),
      new Linear(128, 10, { generator }),
    );
  }
  return new Sequential(
    new Conv2d(1, c1, 3, { padding: 1, generator }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(c1, c2, 3, { padding: 1, generator }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(c2 * 7 * 7, 128, { generator }),
    new ReLU(),
    new Linear(128, 10, { generator }),
  );
}

const layout = kind === 'mlp' ? 'flat' : 'image';
const train = await loadFashionMnist('train', trainLimit, layout);
const test = await loadFashionMnist('t10k', testLimit, layout);
const model = new Model(build(new Generator(seed)));
model.compile({ optimizer: 'adam', learningRate, loss: 'crossEntropy', metrics: ['accuracy'] });
if (!values.json) console.log(`Fashion-MNIST ${kind}: ${train.x.shape[0]} training and ${test.x.shape[0]} test images, ${model.module.parameterCount().toLocaleString('en-US')} parameters`);
const started = performance.now();
await model.fit(train.x, train.y, { epochs, batchSize, verbose: values.json ? 0 : 1, generator: new Generator(seed + 1) });
const seconds = (performance.now() - started) / 1000;
const { accuracy } = await model.evaluate(test.x, test.y, { batchSize: 500 });
const result = {
  model: kind,
  ...(kind === 'cnn' ? { channels } : {}),
  epochs,
  trainSamples: train.x.shape[0],
  testSamples: test.x.shape[0],
  testAccuracy: accuracy,
  seconds: Math.round(seconds * 10) / 10,
  samplesPerSecond: Math.round((train.x.shape[0]! * epochs) / seconds),
};
if (values.json) console.log(JSON.stringify(result));
else console.log(`test accuracy ${(accuracy! * 100).toFixed(2)} % after ${epochs} epochs in ${seconds.toFixed(1)} s`);
