/**
 * Compression on Fashion-MNIST: one float MLP (784-256-128-10) and what each technique makes of it —
 * int8 post-training quantisation, magnitude pruning at 50 / 80 / 90 % (global, unstructured,
 * fine-tuned with the masks held) and 50 % structured, and distillation into a 784-64-10 student
 * (against the same student trained on labels alone). For each: stored size, test accuracy,
 * agreement with the float model, and latency at batch 1 and 256 (median of repeated runs, each
 * alternating with a run of the float model, whose median is reported beside it).
 *
 *   npx tsx examples/compress-fashion-mnist.ts [--epochs N] [--fine-tune-epochs N] [--temperature T] [--alpha A]
 *     [--train-limit N] [--test-limit N] [--teacher DIR] [--techniques int8,prune,structured,distill] [--json]
 *
 * --teacher DIR loads the float model from DIR if it exists, else trains it and saves it there.
 * Data: Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist, or FASHION_MNIST_DIR).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import {
  argmax,
  cast,
  decodeIdx,
  distill,
  Generator,
  Linear,
  Model,
  type Module,
  modelSize,
  modelToArtifacts,
  narrow,
  PruningCallback,
  pruneMagnitude,
  quantizeInt8,
  ReLU,
  removePrunedNeurons,
  Sequential,
  type Tensor,
} from '../src/index.js';
import { loadModel, saveModel } from '../src/node/index.js';
import { cloneModule } from '../src/compress/index.js';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string', default: '5' },
    'fine-tune-epochs': { type: 'string', default: '1' },
    'train-limit': { type: 'string' },
    'test-limit': { type: 'string' },
    teacher: { type: 'string' },
    temperature: { type: 'string', default: '4' },
    alpha: { type: 'string', default: '0.5' },
    techniques: { type: 'string', default: 'int8,prune,distill' },
    json: { type: 'boolean', default: false },
  },
});
const epochs = Number(values.epochs);
const fineTuneEpochs = Number(values['fine-tune-epochs']);
const directory = process.env['FASHION_MNIST_DIR'] ?? '/usr/share/datasets/fashion-mnist';
if (!existsSync(join(directory, 'train-images-idx3-ubyte.gz'))) {
  console.error(`Fashion-MNIST not found in ${directory}: apt-get install -y dataset-fashion-mnist (or set FASHION_MNIST_DIR)`);
  process.exit(1);
}

async function load(split: 'train' | 't10k', limit: string | undefined): Promise<{ x: Tensor; y: Tensor }> {
  let images = await decodeIdx(readFileSync(join(directory, `${split}-images-idx3-ubyte.gz`)));
  let labels = await decodeIdx(readFileSync(join(directory, `${split}-labels-idx1-ubyte.gz`)));
  if (limit !== undefined && Number(limit) < images.shape[0]!) {
    images = narrow(images, 0, 0, Number(limit));
    labels = narrow(labels, 0, 0, Number(limit));
  }
  return { x: cast(images, 'float32').div(255).reshape([images.shape[0]!, 784]), y: labels };
}

function mlp(hidden: readonly number[], seed: number): Module {
  const generator = new Generator(seed);
  const layers: Module[] = [];
  let width = 784;
  for (const h of hidden) {
    layers.push(new Linear(width, h, { generator }), new ReLU());
    width = h;
  }
  layers.push(new Linear(width, 10, { generator }));
  return new Sequential(...layers);
}

const log = (line: string): void => {
  if (!values.json) console.log(line);
};
const train = await load('train', values['train-limit']);
const test = await load('t10k', values['test-limit']);

async function trained(module: Module, label: string, fitEpochs: number): Promise<Model> {
  const model = new Model(module);
  model.compile({ optimizer: 'adam', learningRate: 1e-3, loss: 'crossEntropy', metrics: ['accuracy'] });
  const started = performance.now();
  await model.fit(train.x, train.y, { epochs: fitEpochs, batchSize: 128, verbose: 0, generator: new Generator(1) });
  log(`${label}: trained ${fitEpochs} epochs in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return model;
}

let teacher: Model;
if (values.teacher !== undefined && existsSync(join(values.teacher, 'config.json'))) {
  teacher = (await loadModel(values.teacher)).model;
  log(`float MLP loaded from ${values.teacher}`);
} else {
  teacher = await trained(mlp([256, 128], 0), 'float MLP 784-256-128-10', epochs);
  if (values.teacher !== undefined) await saveModel(teacher, values.teacher);
}
const floatPredictions = argmax(teacher.predict(test.x, { batchSize: 500 }), 1).dataSync();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Median milliseconds of `model.predict` on `batch` rows, and of the float model timed in
 * alternation with it: the machines are shared, so only a ratio from the same run is meaningful.
 */
function latency(model: Model, batch: number, runs: number): { ms: number; floatMs: number } {
  const x = narrow(test.x, 0, 0, batch);
  for (let i = 0; i < 3; i++) model.predict(x, { batchSize: batch }).dataSync();
  const times: number[] = [];
  const floatTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [m, into] of [[model, times], [teacher, floatTimes]] as const) {
      const started = performance.now();
      m.predict(x, { batchSize: batch }).dataSync();
      into.push(performance.now() - started);
    }
  }
  return { ms: median(times), floatMs: median(floatTimes) };
}

interface Row {
  technique: string;
  bytes: number;
  gzipBytes: number;
  parameters: number;
  zeros: number;
  accuracy: number;
  agreement: number;
  latency1Ms: number;
  latency256Ms: number;
  /** Float model's median over the same alternating runs, so latency ratios come from one run. */
  floatLatency1Ms: number;
  floatLatency256Ms: number;
}
const rows: Row[] = [];

function measure(technique: string, model: Model): Row {
  const predictions = argmax(model.predict(test.x, { batchSize: 500 }), 1).dataSync();
  const truth = test.y.dataSync();
  let right = 0;
  let same = 0;
  for (let i = 0; i < truth.length; i++) {
    if (predictions[i] === truth[i]) right++;
    if (predictions[i] === floatPredictions[i]) same++;
  }
  const size = modelSize(model.module);
  const [one, many] = [latency(model, 1, 200), latency(model, 256, 20)];
  const row: Row = {
    technique,
    bytes: size.bytes,
    gzipBytes: gzipSync(modelToArtifacts(model).weights).length,
    parameters: size.elements,
    zeros: size.zeros,
    accuracy: right / truth.length,
    agreement: same / truth.length,
    latency1Ms: one.ms,
    latency256Ms: many.ms,
    floatLatency1Ms: one.floatMs,
    floatLatency256Ms: many.floatMs,
  };
  rows.push(row);
  log(JSON.stringify(row));
  return row;
}

measure('float32 MLP 784-256-128-10', teacher);

const techniques = new Set(values.techniques.split(','));
const calibration = narrow(train.x, 0, 0, 1000);
if (techniques.has('int8')) {
measure('int8 (min/max calibration, 1,000 images)', new Model(quantizeInt8(teacher.module, calibration).module));
measure('int8 (99.99th percentile calibration)', new Model(quantizeInt8(teacher.module, calibration, { method: 'percentile' }).module));
}

const pruning = [[0.5, false], [0.8, false], [0.9, false], [0.5, true]] as const;
for (const [sparsity, structured] of pruning.filter(([, s]) => techniques.has('prune') || (s && techniques.has('structured')))) {
  const module = cloneModule(teacher.module);
  const masks = pruneMagnitude(module, { sparsity, structured });
  const name = `pruned ${sparsity * 100} % ${structured ? 'structured (neurons, L1)' : 'global unstructured'}`;
  measure(`${name}, no fine-tuning`, new Model(module));
  const model = new Model(module);
  model.compile({ optimizer: 'adam', learningRate: 1e-3, loss: 'crossEntropy' });
  await model.fit(train.x, train.y, { epochs: fineTuneEpochs, batchSize: 128, verbose: 0, generator: new Generator(2), callbacks: [new PruningCallback(masks)] });
  masks.removePruning();
  measure(`${name}, ${fineTuneEpochs} epoch fine-tuned`, model);
  if (structured) measure(`${name}, fine-tuned, zeroed neurons removed (removePrunedNeurons)`, new Model(removePrunedNeurons(module).module));
}

if (techniques.has('distill')) {
  const student = new Model(mlp([64], 3));
  const [temperature, alpha] = [Number(values.temperature), Number(values.alpha)];
  await distill(teacher, student, train.x, train.y, { epochs, temperature, alpha, batchSize: 128, verbose: 0, generator: new Generator(1) });
  measure(`distilled student 784-64-10 (T = ${temperature}, α = ${alpha}, ${epochs} epochs)`, student);
  measure(`same student on labels only (${epochs} epochs)`, await trained(mlp([64], 3), 'student baseline', epochs));
}

if (values.json) console.log(JSON.stringify({ epochs, trainSamples: train.x.shape[0], testSamples: test.x.shape[0], rows }));
else {
  console.log('\n| technique | size (KiB) | gzip (KiB) | zeros | test accuracy | agrees with float | b=1 ms (float ms) | b=256 ms (float ms) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.technique} | ${(r.bytes / 1024).toFixed(1)} | ${(r.gzipBytes / 1024).toFixed(1)} | ${((100 * r.zeros) / r.parameters).toFixed(1)} % | ${(100 * r.accuracy).toFixed(2)} % | ${(100 * r.agreement).toFixed(2)} % | ${r.latency1Ms.toFixed(3)} (${r.floatLatency1Ms.toFixed(3)}) | ${r.latency256Ms.toFixed(2)} (${r.floatLatency256Ms.toFixed(2)}) |`);
  }
}
