/**
 * Model: Keras-style training over a PyTorch-style module. `compile` picks the optimiser, loss and
 * metrics; `fit` runs the epochs and calls the callbacks; `evaluate` and `predict` batch their
 * input. Everything else (early stopping, schedules, progress, checkpoints) is a callback.
 */
import {
  cast,
  DTypeError,
  div,
  formatShape,
  Generator,
  indexSelect,
  mul,
  narrow,
  noGrad,
  rand,
  relieveMemoryPressure,
  ShapeError,
  sort,
  sum,
  tensor,
  type Tensor,
  Tensor as TensorClass,
  tidy,
  ValueError,
  concat,
} from '../core/index.js';
import { getLoss, type LossFunction } from '../losses/index.js';
import { getMetric, MeanMetric, type Metric } from '../metrics/index.js';
import type { Module } from '../nn/index.js';
import { getOptimizer } from '../optim/index.js';
import type { Callback, Logs } from './callback.js';
import type { GradientPrivacy } from './gradient-privacy.js';
import { History } from './history.js';
import { ProgressBar } from './progress-bar.js';

/** What `fit` needs from an optimiser (every Sprout optimiser has it). */
export interface TrainingOptimizer {
  step(): void;
  zeroGrad(): void;
  lr: number;
}

/** Options of {@link Model.compile}. */
export interface CompileOptions {
  /** An optimiser over the model's parameters, or a name ('sgd', 'adam', 'adamw', 'rmsprop', 'adagrad'). */
  readonly optimizer: TrainingOptimizer | string;
  /** Learning rate when `optimizer` is a name (the optimiser's default otherwise). */
  readonly learningRate?: number;
  /** A loss function `(prediction, target, options) → Tensor` or its name ('crossEntropy', 'mse', …). */
  readonly loss: LossFunction | string;
  /** Metrics reported during training and evaluation, by name ('accuracy') or as objects. */
  readonly metrics?: readonly (string | Metric)[];
  /**
   * Train with differential privacy: `privateTraining({ targetEpsilon, delta, maxGradNorm })` from
   * the privacy area (DP-SGD with Poisson sampling; fit then logs `epsilon` every epoch). Needs
   * tensor data; not with classWeight.
   */
  readonly privacy?: GradientPrivacy;
}

/** One batch: inputs and targets. */
export type Batch = readonly [Tensor, Tensor] | { readonly x: Tensor; readonly y: Tensor };

/** Batches for one epoch; iterated afresh every epoch (a DataLoader, an array of batches, …). */
export type BatchSource = Iterable<Batch> | AsyncIterable<Batch>;

/** Options of {@link Model.fit}. */
export interface FitOptions {
  /** Passes over the data (default 1). */
  readonly epochs?: number;
  /** Samples per batch when fitting tensors (default 32). */
  readonly batchSize?: number;
  /** Reshuffle tensor data every epoch (default true). */
  readonly shuffle?: boolean;
  /** Source of shuffling randomness (default: a generator seeded with 0, so runs repeat). */
  readonly generator?: Generator;
  /** Hold out this fraction of tensor data, taken from the end before shuffling, for validation. */
  readonly validationSplit?: number;
  /** Validation data: tensors or batches. */
  readonly validationData?: readonly [Tensor, Tensor] | BatchSource;
  /** Weight of each class index in the loss (Keras's class_weight). */
  readonly classWeight?: Readonly<Record<number, number>>;
  readonly callbacks?: readonly Callback[];
  /** 0 silent, 1 a progress bar (plain lines when not on a terminal). Default 1. */
  readonly verbose?: 0 | 1;
  /** First epoch index, to resume training (default 0). */
  readonly initialEpoch?: number;
}

/** Options of {@link Model.evaluate} and {@link Model.predict}. */
export interface BatchOptions {
  /** Samples per batch (default 32). */
  readonly batchSize?: number;
}

interface Compiled {
  /** The options as given, so saving can record names ('adam', 'crossEntropy') rather than objects. */
  readonly options: CompileOptions;
  readonly optimizer: TrainingOptimizer;
  readonly loss: LossFunction;
  readonly lossName: string;
  readonly metrics: Metric[];
}

function positiveInteger(op: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new ValueError(`${op}: ${name} must be a positive integer, got ${value}`);
  return value;
}

/** Waits for the event loop, so servers, streams and timers run between batches. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A trainable model.
 *
 * @example
 * const model = new Model(new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3)));
 * model.compile({ optimizer: 'adam', loss: 'crossEntropy', metrics: ['accuracy'] });
 * const history = await model.fit(x, y, { epochs: 20, validationSplit: 0.2 });
 * const probabilities = softmax(model.predict(xNew));
 */
export class Model {
  /** Set to true (by a callback) to end `fit` after the current epoch. */
  stopTraining = false;
  private compiled: Compiled | null = null;

  constructor(readonly module: Module) {}

  /** Chooses how the model trains. Call before fit/evaluate. */
  compile(options: CompileOptions): void {
    const optimizer =
      typeof options.optimizer === 'string'
        ? getOptimizer(options.optimizer, this.module.parameters(), options.learningRate === undefined ? {} : { lr: options.learningRate })
        : options.optimizer;
    const loss = typeof options.loss === 'string' ? getLoss(options.loss) : options.loss;
    const lossName = typeof options.loss === 'string' ? options.loss : 'loss';
    const names = new Set<string>();
    const metrics = (options.metrics ?? []).map((m) => {
      const metric = getMetric(m);
      if (names.has(metric.name)) throw new ValueError(`compile: two metrics are named '${metric.name}'`);
      names.add(metric.name);
      return metric;
    });
    this.compiled = { options, optimizer, loss, lossName, metrics };
  }

  /**
   * The options of the last {@link compile} call exactly as given (names stay names, objects stay
   * the same objects), or null before `compile`. Saving reads it to record the settings by name.
   *
   * @example
   * model.compile({ optimizer: 'adam', loss: 'crossEntropy' });
   * model.compileOptions?.loss; // 'crossEntropy'
   */
  get compileOptions(): CompileOptions | null {
    return this.compiled?.options ?? null;
  }

  /** The compiled optimiser (for schedules and checkpoints). */
  get optimizer(): TrainingOptimizer {
    return this.requireCompiled('optimizer').optimizer;
  }

  /** Names of the compiled metrics. */
  get metricNames(): string[] {
    return this.compiled?.metrics.map((m) => m.name) ?? [];
  }

  private requireCompiled(op: string): Compiled {
    if (this.compiled === null) throw new ValueError(`${op}: call model.compile({ optimizer, loss }) first`);
    return this.compiled;
  }

  /** The module's output for x (recorded for autograd, in the current train/eval mode). */
  forward(x: Tensor): Tensor {
    return this.module.forward(x);
  }

  /**
   * Trains for `epochs` passes over (x, y) or over a batch source.
   *
   * @returns the History of per-epoch logs.
   * @throws ValueError before training starts for bad options or mismatched data.
   */
  async fit(x: Tensor, y: Tensor, options?: FitOptions): Promise<History>;
  async fit(data: BatchSource, options?: FitOptions): Promise<History>;
  async fit(first: Tensor | BatchSource, second?: Tensor | FitOptions, third?: FitOptions): Promise<History> {
    const compiled = this.requireCompiled('fit');
    const fromTensors = first instanceof TensorClass;
    const options = (fromTensors ? third : (second as FitOptions | undefined)) ?? {};
    const epochs = positiveInteger('fit', 'epochs', options.epochs ?? 1);
    const batchSize = positiveInteger('fit', 'batchSize', options.batchSize ?? 32);
    const initialEpoch = options.initialEpoch ?? 0;
    if (!Number.isInteger(initialEpoch) || initialEpoch < 0 || initialEpoch >= epochs) {
      throw new ValueError(`fit: initialEpoch must be an integer in [0, ${epochs - 1}], got ${initialEpoch}`);
    }

    let training: () => BatchSource;
    let samplesPerEpoch: number | null = null;
    let validation: BatchSource | null = options.validationData === undefined ? null : this.validationSource(options.validationData, batchSize);
    if (fromTensors) {
      const y = second;
      if (!(y instanceof TensorClass)) throw new ValueError('fit: y must be a Tensor when x is a Tensor');
      let [trainX, trainY] = checkPair('fit', first, y);
      const split = options.validationSplit ?? 0;
      if (!(split >= 0 && split < 1)) throw new ValueError(`fit: validationSplit must be in [0, 1), got ${split}`);
      if (split > 0) {
        if (validation !== null) throw new ValueError('fit: pass validationSplit or validationData, not both');
        const n = trainX.shape[0]!;
        const held = Math.floor(n * split);
        if (held === 0 || held === n) throw new ValueError(`fit: validationSplit ${split} of ${n} samples leaves an empty split`);
        const [valX, valY] = [narrow(trainX, 0, n - held, held), narrow(trainY, 0, n - held, held)];
        [trainX, trainY] = [narrow(trainX, 0, 0, n - held), narrow(trainY, 0, 0, n - held)];
        validation = tensorBatches(valX, valY, batchSize, null);
      }
      const shuffle = options.shuffle ?? true;
      const generator = options.generator;
      samplesPerEpoch = trainX.shape[0]!;
      const shuffler = shuffle ? (generator ?? new Generator(0)) : null;
      const [tx, ty] = [trainX, trainY];
      const privacy = compiled.options.privacy;
      if (privacy !== undefined) {
        if (options.classWeight !== undefined) throw new ValueError('fit: classWeight cannot be combined with privacy (each example must weigh the same)');
        privacy.begin(this.module, { samples: samplesPerEpoch, batchSize, epochs: epochs - initialEpoch });
        training = () => privacy.batches(tx, ty);
      } else {
        training = () => tensorBatches(tx, ty, batchSize, shuffler);
      }
    } else {
      if (compiled.options.privacy !== undefined) throw new ValueError('fit: training with privacy needs tensor data (x, y), which it samples itself (Poisson sampling)');
      if (options.validationSplit !== undefined) throw new ValueError('fit: validationSplit needs tensor data; pass validationData with a batch source');
      const source = first;
      training = () => source;
    }

    const callbacks: Callback[] = [...(options.callbacks ?? [])];
    if ((options.verbose ?? 1) === 1) callbacks.push(new ProgressBar());
    for (const cb of callbacks) cb.model = this;
    const history = new History();
    const lossMeter = new MeanMetric('loss');
    const metricNames = compiled.metrics.map((m) => m.name);
    this.stopTraining = false;
    const stepsPerEpoch = samplesPerEpoch === null ? null : Math.ceil(samplesPerEpoch / batchSize);
    for (const cb of callbacks) await cb.onTrainBegin?.({ epochs, stepsPerEpoch, samplesPerEpoch, metrics: metricNames });

    const batchLogs = (): Logs => {
      const logs: Logs = { loss: lossMeter.result() };
      for (const m of compiled.metrics) logs[m.name] = m.result();
      return logs;
    };
    let lastYield = Date.now();
    for (let epoch = initialEpoch; epoch < epochs && !this.stopTraining; epoch++) {
      for (const cb of callbacks) await cb.onEpochBegin?.(epoch);
      this.module.train();
      lossMeter.reset();
      for (const m of compiled.metrics) m.reset();
      let step = 0;
      for await (const batch of training()) {
        const [bx, by] = unpack(batch);
        for (const cb of callbacks) await cb.onBatchBegin?.(step);
        compiled.optimizer.zeroGrad();
        const { prediction, loss } = this.batchGradients(compiled, bx, by, options.classWeight);
        compiled.optimizer.step();
        const samples = bx.shape[0] ?? 1;
        if (prediction !== null && loss !== null) {
          lossMeter.updateValue(loss, samples);
          for (const m of compiled.metrics) m.update(prediction, by);
        }
        for (const cb of callbacks) await cb.onBatchEnd?.(step, batchLogs, samples);
        step++;
        await relieveMemoryPressure();
        // Let timers and I/O (a dashboard stream, a server) run at least every 50 ms.
        if (Date.now() - lastYield > 50) {
          await yieldToEventLoop();
          lastYield = Date.now();
        }
      }
      if (step === 0) throw new ValueError('fit: the training data produced no batches');
      const logs = batchLogs();
      if (validation !== null) {
        const results = await this.evaluateSource(compiled, validation);
        for (const [name, value] of Object.entries(results)) logs[`val_${name}`] = value;
      }
      logs['lr'] = compiled.optimizer.lr;
      Object.assign(logs, compiled.options.privacy?.epochLogs());
      history.record(epoch, logs);
      for (const cb of callbacks) await cb.onEpochEnd?.(epoch, logs);
      await yieldToEventLoop();
      lastYield = Date.now();
    }
    const final = history.epochs.length > 0 ? Object.fromEntries(Object.entries(history.history).map(([k, v]) => [k, v[v.length - 1]!])) : {};
    for (const cb of callbacks) await cb.onTrainEnd?.(final);
    return history;
  }

  /** Fills the parameters' `.grad` for one batch: backpropagation, or the privacy mechanism's own computation. */
  private batchGradients(
    compiled: Compiled,
    x: Tensor,
    y: Tensor,
    classWeight: Readonly<Record<number, number>> | undefined,
  ): { prediction: Tensor | null; loss: Tensor | null } {
    if (compiled.options.privacy !== undefined) return compiled.options.privacy.computeGradients(x, y, compiled.loss);
    const prediction = this.module.forward(x);
    const loss = this.batchLoss(compiled, prediction, y, classWeight);
    loss.backward();
    return { prediction, loss };
  }

  private batchLoss(compiled: Compiled, prediction: Tensor, target: Tensor, classWeight: Readonly<Record<number, number>> | undefined): Tensor {
    if (classWeight === undefined) return compiled.loss(prediction, target);
    // Keras semantics: each sample's loss times its class's weight, averaged over the batch.
    const perSample = compiled.loss(prediction, target, { reduction: 'none' });
    const labels = target.rank === 2 && target.shape[1]! > 1 ? target.argmax(1) : cast(target.reshape([-1]), 'int32');
    const table = labels.toArray() as number[];
    const weights = tensor(table.map((c) => classWeight[c] ?? 1), { dtype: perSample.dtype });
    const flat = perSample.rank === 1 ? perSample : perSample.reshape([perSample.shape[0]!, -1]).mean(1);
    return div(sum(mul(flat, weights)), flat.size);
  }

  private validationSource(data: readonly [Tensor, Tensor] | BatchSource, batchSize: number): BatchSource {
    if (Array.isArray(data) && data.length === 2 && data[0] instanceof TensorClass && data[1] instanceof TensorClass) {
      const [x, y] = checkPair('fit', data[0], data[1], 'validationData');
      return tensorBatches(x, y, batchSize, null);
    }
    return data as BatchSource;
  }

  private async evaluateSource(compiled: Compiled, source: BatchSource): Promise<Logs> {
    const lossMeter = new MeanMetric('loss');
    // The training epoch's values were read before this, so the same metric objects can restart.
    const metrics = compiled.metrics;
    for (const m of metrics) m.reset();
    this.module.eval();
    try {
      for await (const batch of source) {
        const [bx, by] = unpack(batch);
        noGrad(() => {
          const prediction = this.module.forward(bx);
          lossMeter.updateValue(compiled.loss(prediction, by), bx.shape[0] ?? 1);
          for (const m of metrics) m.update(prediction, by);
        });
        // Buffers are freed by finalisers, which run only between event-loop tasks: without a
        // yield, a long evaluation keeps every batch's temporaries (and can exhaust wasm memory).
        await relieveMemoryPressure();
        await yieldToEventLoop();
      }
    } finally {
      this.module.train();
    }
    const logs: Logs = { loss: lossMeter.result() };
    for (const m of metrics) logs[m.name] = m.result();
    return logs;
  }

  /**
   * Loss and metrics on (x, y) in evaluation mode.
   *
   * @example
   * const { loss, accuracy } = await model.evaluate(xTest, yTest);
   */
  async evaluate(x: Tensor, y: Tensor, options: BatchOptions = {}): Promise<Logs> {
    const compiled = this.requireCompiled('evaluate');
    const [ex, ey] = checkPair('evaluate', x, y);
    return this.evaluateSource(compiled, tensorBatches(ex, ey, positiveInteger('evaluate', 'batchSize', options.batchSize ?? 32), null));
  }

  /**
   * The model's outputs for x, batch by batch, in evaluation mode without recording gradients.
   *
   * @example
   * const logits = model.predict(xTest);
   */
  predict(x: Tensor, options: BatchOptions = {}): Tensor {
    if (!(x instanceof TensorClass)) throw new ValueError('predict: x must be a Tensor');
    if (x.rank === 0) throw new ShapeError('predict: x needs a batch dimension, got a scalar');
    const batchSize = positiveInteger('predict', 'batchSize', options.batchSize ?? 32);
    const wasTraining = this.module.training;
    this.module.eval();
    try {
      // predict is synchronous, so finalisers cannot free each batch's temporaries before the
      // next batch: tidy releases them as each forward returns, and the parts after the concat.
      return noGrad(() =>
        tidy(() => {
          const n = x.shape[0]!;
          if (n <= batchSize) return this.module.forward(x);
          const parts: Tensor[] = [];
          for (let start = 0; start < n; start += batchSize) parts.push(tidy(() => this.module.forward(narrow(x, 0, start, Math.min(batchSize, n - start)))));
          return concat(parts, 0);
        }),
      );
    } finally {
      this.module.train(wasTraining);
    }
  }

  /** The module's summary table. */
  summary(): string {
    return this.module.summary();
  }
}

function checkPair(op: string, x: Tensor, y: Tensor, argument = 'x and y'): [Tensor, Tensor] {
  if (!(x instanceof TensorClass) || !(y instanceof TensorClass)) throw new ValueError(`${op}: ${argument} must be Tensors`);
  if (x.rank === 0 || y.rank === 0 || x.shape[0] !== y.shape[0]) {
    throw new ShapeError(`${op}: ${argument} must have the same number of samples in dimension 0, got x ${formatShape(x.shape)} and y ${formatShape(y.shape)}`);
  }
  if (x.shape[0] === 0) throw new ValueError(`${op}: ${argument} hold no samples`);
  if (!x.isFloatingPoint() && x.dtype !== 'int32') throw new DTypeError(`${op}: x must be float or int32, got ${x.dtype}`);
  return [x, y];
}

function unpack(batch: Batch): [Tensor, Tensor] {
  if (Array.isArray(batch)) return [batch[0] as Tensor, batch[1] as Tensor];
  const { x, y } = batch as { x: Tensor; y: Tensor };
  if (!(x instanceof TensorClass) || !(y instanceof TensorClass)) throw new ValueError('fit: each batch must be [x, y] or { x, y } of Tensors');
  return [x, y];
}

/** Batches of (x, y) along dimension 0, re-iterable: each pass reshuffles when a generator is given. */
function tensorBatches(x: Tensor, y: Tensor, batchSize: number, generator: Generator | null): Iterable<[Tensor, Tensor]> {
  const n = x.shape[0]!;
  return {
    *[Symbol.iterator]() {
      // A seeded permutation: the order of uniform draws.
      const order = generator === null ? null : sort(rand([n], { generator, dtype: 'float64' })).indices;
      for (let start = 0; start < n; start += batchSize) {
        const size = Math.min(batchSize, n - start);
        if (order === null) {
          yield [narrow(x, 0, start, size), narrow(y, 0, start, size)];
        } else {
          const index = narrow(order, 0, start, size);
          yield [indexSelect(x, 0, index), indexSelect(y, 0, index)];
        }
      }
    },
  };
}
