/**
 * Differentially private training on Fashion-MNIST with DP-SGD (Abadi et al. 2016): per-example
 * clipping, Gaussian noise, Poisson sampling, and the RDP accountant solving for the noise that
 * spends exactly the target ε over the run. `--epsilon inf` trains the same model without privacy
 * (shuffled batches, plain backpropagation) for the accuracy and time comparison.
 *
 *   npx tsx examples/fashion-mnist-private.ts --epsilon 3 [--epochs N] [--batch-size B] [--learning-rate LR]
 *       [--max-grad-norm C] [--delta D] [--train-limit N] [--test-limit N] [--json]
 *
 * The model is a 784-128-10 MLP with tanh (bounded activations suit clipped, noisy gradients:
 * Papernot et al. 2021, "Tempered Sigmoid Activations for Deep Learning with Differential
 * Privacy"), trained with SGD with momentum. With --json the last stdout line is
 * {"epsilon", "epsilonSpent", "noiseMultiplier", "testAccuracy", "seconds", …}.
 * Data: `apt-get install -y dataset-fashion-mnist` (or FASHION_MNIST_DIR).
 */
import { parseArgs } from 'node:util';
import { loadFashionMnist, requireFashionMnist } from './fashion-mnist-files.js';
import { Generator, Linear, Model, privateTraining, SGD, Sequential, Tanh } from '../src/index.js';

const { values } = parseArgs({
  options: {
    epsilon: { type: 'string', default: '3' },
    delta: { type: 'string', default: '1e-5' },
    epochs: { type: 'string', default: '5' },
    'batch-size': { type: 'string', default: '256' },
    'learning-rate': { type: 'string', default: '0.5' },
    'max-grad-norm': { type: 'string', default: '1' },
    'train-limit': { type: 'string' },
    'test-limit': { type: 'string' },
    seed: { type: 'string', default: '0' },
    json: { type: 'boolean', default: false },
  },
});

function number(name: string, text: string | undefined, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = text === 'inf' ? Infinity : Number(text);
  if (!(value > 0) || (integer && !Number.isInteger(value))) {
    console.error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got '${text}'`);
    process.exit(2);
  }
  return value;
}

const epsilon = number('epsilon', values.epsilon, false)!;
const delta = number('delta', values.delta, false)!;
const epochs = number('epochs', values.epochs, true)!;
const batchSize = number('batch-size', values['batch-size'], true)!;
const learningRate = number('learning-rate', values['learning-rate'], false)!;
const maxGradNorm = number('max-grad-norm', values['max-grad-norm'], false)!;
const trainLimit = number('train-limit', values['train-limit'], true);
const testLimit = number('test-limit', values['test-limit'], true);
const seed = Number(values.seed);
requireFashionMnist();

const train = await loadFashionMnist('train', trainLimit, 'flat');
const test = await loadFashionMnist('t10k', testLimit, 'flat');
const g = new Generator(seed);
const module = new Sequential(new Linear(784, 128, { generator: g }), new Tanh(), new Linear(128, 10, { generator: g }));
const model = new Model(module);
const privacy = Number.isFinite(epsilon) ? privateTraining({ targetEpsilon: epsilon, delta, maxGradNorm, generator: new Generator(seed + 2) }) : undefined;
model.compile({
  optimizer: new SGD(module.parameters(), { lr: learningRate, momentum: 0.9 }),
  loss: 'crossEntropy',
  metrics: ['accuracy'],
  ...(privacy === undefined ? {} : { privacy }),
});
const started = performance.now();
const history = await model.fit(train.x, train.y, { epochs, batchSize, verbose: values.json ? 0 : 1, generator: new Generator(seed + 1) });
const seconds = (performance.now() - started) / 1000;
const { accuracy } = await model.evaluate(test.x, test.y, { batchSize: 1000 });
const result = {
  epsilon: Number.isFinite(epsilon) ? epsilon : 'inf',
  epsilonSpent: history.last('epsilon') ?? null,
  delta: privacy === undefined ? null : delta,
  noiseMultiplier: privacy?.noiseMultiplier ?? 0,
  maxGradNorm: privacy === undefined ? null : maxGradNorm,
  epochs,
  batchSize,
  learningRate,
  trainSamples: train.x.shape[0],
  testSamples: test.x.shape[0],
  testAccuracy: accuracy,
  seconds: Math.round(seconds * 10) / 10,
};
if (values.json) console.log(JSON.stringify(result));
else console.log(`test accuracy ${(accuracy! * 100).toFixed(2)} % at ε ${result.epsilon} (spent ${result.epsilonSpent?.toFixed(3) ?? '–'}, σ ${result.noiseMultiplier.toFixed(3)}) in ${seconds.toFixed(1)} s`);
