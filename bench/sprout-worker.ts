/**
 * Sprout's side of the benchmark: `node --import tsx bench/sprout-worker.ts js|wasm [threads]`
 * (threads: of the wasm backend's kernels, 1 by default; src/node/kernel-threads.ts).
 * Answers the line protocol of `protocol.ts`; see `run.ts` for the workloads.
 */
import {
  Adam,
  Conv2d,
  crossEntropy,
  Flatten,
  Generator,
  Linear,
  matmul,
  MaxPool2d,
  type Module,
  noGrad,
  randn,
  ReLU,
  Sequential,
  setBackend,
  type Tensor,
  tensor,
} from '../src/index.js';
import { setThreads } from '../src/node/kernel-threads.js';
import { batchOf, CLASSES, loadTest, loadTrain, PIXELS, type Split, THROUGHPUT_BATCHES } from './fashion-mnist-data.js';
import { type AccuracyResult, type DataSource, type Prepared, serve, type Task } from './protocol.js';

const backend = process.argv[2] ?? 'wasm';
const threads = Number(process.argv[3] ?? '1');
setBackend(backend);
setThreads(threads);

function mlp(generator: Generator): Module {
  return new Sequential(new Linear(PIXELS, 256, { generator }), new ReLU(), new Linear(256, 128, { generator }), new ReLU(), new Linear(128, CLASSES, { generator }));
}

function cnn(generator: Generator): Module {
  return new Sequential(
    new Conv2d(1, 32, 3, { padding: 1, generator }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(32, 64, 3, { padding: 1, generator }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(64 * 7 * 7, 128, { generator }),
    new ReLU(),
    new Linear(128, CLASSES, { generator }),
  );
}

interface Batch {
  readonly x: Tensor;
  readonly y: Tensor;
}

function toBatches(split: Split, batch: number, image: boolean): Batch[] {
  return Array.from({ length: THROUGHPUT_BATCHES }, (_, i) => {
    const b = batchOf(split, batch, i);
    return { x: tensor(b.x, { shape: image ? [batch, 1, 28, 28] : [batch, PIXELS] }), y: tensor(b.y) };
  });
}

/** One optimiser step; reading the loss forces every kernel to have run, as a training loop's log would. */
function trainer(model: Module, batches: readonly Batch[]): () => void {
  const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
  let index = 0;
  return () => {
    const { x, y } = batches[index++ % batches.length]!;
    optimizer.zeroGrad();
    const loss = crossEntropy(model.forward(x), y);
    loss.backward();
    optimizer.step();
    loss.item();
  };
}

function setup(task: Task, data: DataSource): Prepared {
  const generator = new Generator(0);
  let body: () => void;
  switch (task.kind) {
    case 'sgemm': {
      const a = randn([task.m, task.k], { generator });
      const b = randn([task.k, task.n], { generator });
      body = () => void matmul(a, b);
      break;
    }
    case 'mlpTrain':
      body = trainer(mlp(generator), toBatches(loadTrain(data, task.batch * THROUGHPUT_BATCHES), task.batch, false));
      break;
    case 'cnnTrain':
      body = trainer(cnn(generator), toBatches(loadTrain(data, task.batch * THROUGHPUT_BATCHES), task.batch, true));
      break;
    case 'inference': {
      const model = mlp(generator);
      model.eval();
      const x = tensor(batchOf(loadTrain(data, task.batch), task.batch, 0).x, { shape: [task.batch, PIXELS] });
      // The caller gets the numbers: reading them back is part of the latency.
      body = () => void noGrad(() => model.forward(x)).dataSync();
      break;
    }
  }
  return { body, info: `backend ${backend}, ${threads} thread(s)` };
}

function argmaxAccuracy(logits: Float32Array | ArrayLike<number>, labels: Int32Array): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < CLASSES; c++) if (logits[i * CLASSES + c]! > logits[i * CLASSES + best]!) best = c;
    if (best === labels[i]) correct++;
  }
  return correct;
}

async function accuracy(data: DataSource): Promise<AccuracyResult> {
  const train = loadTrain(data);
  const test = loadTest(data);
  const model = mlp(new Generator(0));
  const batch = 128;
  const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
  const start = performance.now();
  const steps = Math.floor(train.n / batch);
  for (let i = 0; i < steps; i++) {
    const b = batchOf(train, batch, i);
    optimizer.zeroGrad();
    const loss = crossEntropy(model.forward(tensor(b.x, { shape: [batch, PIXELS] })), tensor(b.y));
    loss.backward();
    optimizer.step();
    loss.item();
  }
  const seconds = (performance.now() - start) / 1000;
  model.eval();
  let correct = 0;
  for (let i = 0; i < test.n / 500; i++) {
    const b = batchOf(test, 500, i);
    correct += argmaxAccuracy(noGrad(() => model.forward(tensor(b.x, { shape: [500, PIXELS] }))).dataSync(), b.y);
  }
  return { accuracy: correct / test.n, seconds, trainSamples: steps * batch };
}

await serve({ setup, accuracy });
