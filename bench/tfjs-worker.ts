/**
 * TensorFlow.js's side of the benchmark: `node --import tsx bench/tfjs-worker.ts cpu|wasm`.
 *
 * The wasm backend is pinned to one thread (setThreadsCount(1)) for a like-for-like comparison with
 * Sprout's single-threaded wasm backend; in Node it reports no multithread support anyway. The
 * models mirror Sprout's (NHWC instead of NCHW, TF.js's default initialisers) and train through
 * `optimizer.minimize`, TF.js's lowest-overhead training path, inside `tf.tidy` so nothing leaks.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { batchOf, CLASSES, loadTest, loadTrain, PIXELS, type Split, THROUGHPUT_BATCHES } from './fashion-mnist-data.js';
import { type AccuracyResult, type DataSource, type Prepared, serve, type Task } from './protocol.js';

const backend = process.argv[2] ?? 'wasm';
if (backend === 'wasm') {
  // Load the .wasm files from node_modules: nothing is fetched at run time.
  const wasmFile = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
  setWasmPaths(`${dirname(wasmFile)}/`);
  setThreadsCount(1);
}
if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js backend '${backend}' failed to initialise`);
await tf.ready();

function mlp(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [PIXELS], units: 256, activation: 'relu' }),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dense({ units: CLASSES }),
    ],
  });
}

function cnn(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dense({ units: CLASSES }),
    ],
  });
}

interface Batch {
  readonly x: tf.Tensor;
  readonly y: tf.Tensor;
}

function toBatch(b: { x: Float32Array; y: Int32Array }, shape: number[]): Batch {
  return { x: tf.tensor(b.x, shape, 'float32'), y: tf.tidy(() => tf.oneHot(tf.tensor1d(b.y, 'int32'), CLASSES)) };
}

function toBatches(split: Split, batch: number, image: boolean): Batch[] {
  return Array.from({ length: THROUGHPUT_BATCHES }, (_, i) => toBatch(batchOf(split, batch, i), image ? [batch, 28, 28, 1] : [batch, PIXELS]));
}

/** One optimiser step; reading the loss forces every kernel to have run, as a training loop's log would. */
function trainer(model: tf.Sequential, batches: readonly Batch[]): () => void {
  const optimizer = tf.train.adam(1e-3);
  let index = 0;
  return () => {
    const { x, y } = batches[index++ % batches.length]!;
    tf.tidy(() => {
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor), true);
      loss?.dataSync();
    });
  };
}

function setup(task: Task, data: DataSource): Prepared {
  let body: () => void;
  switch (task.kind) {
    case 'sgemm': {
      const a = tf.randomNormal([task.m, task.k], 0, 1, 'float32', 0);
      const b = tf.randomNormal([task.k, task.n], 0, 1, 'float32', 1);
      body = () => tf.matMul(a, b).dispose();
      break;
    }
    case 'mlpTrain':
      body = trainer(mlp(), toBatches(loadTrain(data, task.batch * THROUGHPUT_BATCHES), task.batch, false));
      break;
    case 'cnnTrain':
      body = trainer(cnn(), toBatches(loadTrain(data, task.batch * THROUGHPUT_BATCHES), task.batch, true));
      break;
    case 'inference': {
      const model = mlp();
      const x = tf.tensor(batchOf(loadTrain(data, task.batch), task.batch, 0).x, [task.batch, PIXELS]);
      // The caller gets the numbers: reading them back is part of the latency.
      body = () => {
        const y = model.predict(x) as tf.Tensor;
        y.dataSync();
        y.dispose();
      };
      break;
    }
  }
  return { body, info: `tfjs ${tf.version.tfjs}, backend ${backend}${backend === 'wasm' ? ', setThreadsCount(1)' : ''}` };
}

async function accuracy(data: DataSource): Promise<AccuracyResult> {
  const train = loadTrain(data);
  const test = loadTest(data);
  const model = mlp();
  const optimizer = tf.train.adam(1e-3);
  const batch = 128;
  const steps = Math.floor(train.n / batch);
  const start = performance.now();
  for (let i = 0; i < steps; i++) {
    const b = toBatch(batchOf(train, batch, i), [batch, PIXELS]);
    tf.tidy(() => {
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(b.y, model.apply(b.x, { training: true }) as tf.Tensor), true)?.dataSync();
    });
    b.x.dispose();
    b.y.dispose();
  }
  const seconds = (performance.now() - start) / 1000;
  let correct = 0;
  for (let i = 0; i < test.n / 500; i++) {
    const b = batchOf(test, 500, i);
    const predicted = tf.tidy(() => (model.predict(tf.tensor(b.x, [500, PIXELS])) as tf.Tensor).argMax(-1).dataSync());
    for (let j = 0; j < 500; j++) if (predicted[j] === b.y[j]) correct++;
  }
  return { accuracy: correct / test.n, seconds, trainSamples: steps * batch };
}

await serve({ setup, accuracy });
